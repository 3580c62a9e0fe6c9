import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from './test-app';

export const ROOT = resolve(__dirname, '..', '..');

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Runs `src/main.ts` as a real process (the way `npm start` runs `dist/main.js`). */
export function spawnApp(env: Record<string, string | undefined>): AppProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Waits for the "listening on port N" line and returns the base URL. */
export async function baseUrlOf(app: AppProcess, timeoutMs = 90_000): Promise<string> {
  const port = await eventually(async () => {
    if (app.child.exitCode !== null) throw new Error(`exited early: ${app.output()}`);
    const m = /listening on port (\d+)/.exec(app.output());
    return m ? Number(m[1]) : null;
  }, timeoutMs);
  return `http://127.0.0.1:${port}`;
}
