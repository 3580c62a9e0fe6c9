import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Encryption with the `age` command-line tool (Debian package `age`): streamed through pipes, so
 * memory does not grow with the size of a dump. The server that makes backups holds only the
 * public keys (recipients); restore and verify need the identity file.
 */
const AGE = 'age';

function exitOf(child: ReturnType<typeof spawn>, what: string, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${what}: the "${AGE}" command is not installed (Debian: apt-get install age)`)
          : err,
      ),
    );
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${what} failed (exit ${code}): ${stderr().trim().slice(0, 500)}`)),
    );
  });
}

/** Counts and hashes what passes through. */
export class Digester extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly onBytes?: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    this.push(chunk);
    cb();
  }
}

/** Encrypts `source` to the recipients into `outPath`; returns size and SHA-256 of the encrypted file. */
export async function encryptToFile(
  source: Readable,
  recipients: readonly string[],
  outPath: string,
  onPlainBytes?: (n: number) => void,
): Promise<{ size: number; sha256: string }> {
  if (recipients.length === 0) throw new Error('BACKUP_AGE_RECIPIENTS is required to back up');
  const child = spawn(AGE, ['--encrypt', ...recipients.flatMap((r) => ['-r', r])], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const counter = new Digester(onPlainBytes);
  const digest = new Digester();
  const exited = exitOf(child, 'age encryption', () => stderr);
  await Promise.all([
    pipeline(source, counter, child.stdin),
    pipeline(child.stdout, digest, createWriteStream(outPath, { flags: 'wx', mode: 0o600 })),
    exited,
  ]);
  return { size: digest.bytes, sha256: digest.hash.digest('hex') };
}

/**
 * The decrypted content of an age file as a stream; it errors (and the consumer with it) when the
 * identity does not fit or the file was altered — age authenticates every 64 KiB chunk.
 */
export function decryptFile(path: string, identityFile: string | undefined): Readable {
  if (!identityFile) throw new Error('BACKUP_AGE_IDENTITY_FILE is required to restore or verify');
  const child = spawn(AGE, ['--decrypt', '-i', identityFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const out = new Transform({
    transform(chunk: Buffer, _e, cb) {
      cb(null, chunk);
    },
    flush(cb) {
      exited.then(
        () => cb(),
        (err: Error) => cb(err),
      );
    },
  });
  const exited = exitOf(child, `age decryption of ${path}`, () => stderr);
  exited.catch((err: Error) => out.destroy(err));
  createReadStream(path)
    .on('error', (err) => out.destroy(err))
    .pipe(child.stdin)
    .on('error', () => undefined);
  child.stdout.pipe(out);
  return out;
}

/** SHA-256 and size of a file, streamed. */
export async function fileDigest(path: string): Promise<{ size: number; sha256: string }> {
  const d = new Digester();
  await pipeline(createReadStream(path), d, new Writable({ write: (_c, _e, cb) => cb() }));
  return { size: d.bytes, sha256: d.hash.digest('hex') };
}

/** Creates an age key pair with `age-keygen` (tests and first-time setup). */
export async function generateAgeIdentity(): Promise<{ identity: string; recipient: string }> {
  const child = spawn('age-keygen', [], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await exitOf(child, 'age-keygen', () => err);
  const recipient = /public key: (age1\S+)/.exec(out + err)?.[1];
  if (!recipient) throw new Error('age-keygen printed no public key');
  return { identity: out, recipient };
}
