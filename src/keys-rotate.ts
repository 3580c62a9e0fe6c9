import 'reflect-metadata';
import { createApp } from './bootstrap';
import type { AppConfig } from './config/app-config';
import { configFromEnvironment } from './config/env';
import { type ColumnRotation, KeyRotationService } from './shared/crypto/key-rotation.service';

/**
 * `npm run keys:rotate`: re-encrypts every sealed value (client personal data and any other
 * column a module declared with `@SealsColumns`) under the first key of DATA_ENCRYPTION_KEYS.
 * Safe while the app runs and resumable: each batch is its own transaction and skips locked rows.
 * Run it after putting a new key in front; drop an old key only once a run reports 0 remaining.
 * In a built image: `node dist/keys-rotate.js`.
 */
export async function rotateKeys(
  config: AppConfig,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<ColumnRotation[]> {
  const log = options.log ?? (() => undefined);
  const app = await createApp(config, { console: false });
  try {
    await app.init();
    const service = app.get(KeyRotationService);
    log(`rotating to key "${config.encryptionKeys[0].id}"`);
    const result = await service.rotateAll({
      batchSize: options.batchSize,
      onProgress: (p) => log(`${p.column}: ${p.rotated} re-encrypted`),
    });
    for (const r of result) {
      log(`${r.column}: done, ${r.rotated} re-encrypted, ${r.remaining} still under an old key`);
    }
    return result;
  } finally {
    await app.close();
  }
}

/** The command line: configuration from the environment, progress on stdout; exit 2 when rows were busy. */
export function keysRotateCli(): void {
  rotateKeys(configFromEnvironment(), { log: (line) => console.log(line) })
    .then((result) => {
      const remaining = result.reduce((n, r) => n + r.remaining, 0);
      if (remaining > 0) console.log(`${remaining} values were busy; run again to finish`);
      process.exit(remaining > 0 ? 2 : 0);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}

if (require.main === module) keysRotateCli();
