import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type AppConfig, ConfigError, type Env, loadConfig } from './app-config';
import { loadOrCreateDevSecrets } from './dev-secrets';

/** Parses a `.env` file: KEY=value lines, `#` comments, optional single or double quotes. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2];
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]] = value;
  }
  return out;
}

/**
 * The one place that reads `process.env`. Values from a `.env` file in the working directory
 * fill in what the real environment leaves unset.
 */
export function readEnvironment(cwd = process.cwd()): Env {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/** Boot-time configuration: environment + generated development secrets. */
export function configFromEnvironment(env: Env = readEnvironment(), cwd = process.cwd()): AppConfig {
  const production = (env.NODE_ENV ?? '').trim() === 'production';
  let generated;
  if (!production) {
    const dataDirRaw = env.DATA_DIR?.trim() || './data';
    const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
    const needs = ['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'DATA_ENCRYPTION_KEYS'].some(
      (k) => !env[k]?.trim(),
    );
    if (needs) generated = loadOrCreateDevSecrets(dataDir);
  }
  return loadConfig(env, cwd, generated);
}

export { ConfigError };
