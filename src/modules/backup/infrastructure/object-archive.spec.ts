import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type ArchiveObject, readObjectArchive, writeObjectArchive } from './object-archive';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function objectsOf(files: Record<string, Buffer>): AsyncIterable<ArchiveObject> {
  return (async function* () {
    for (const [key, body] of Object.entries(files)) {
      yield {
        key,
        size: body.length,
        contentType: key.endsWith('.pdf') ? 'application/pdf' : 'image/png',
        // small chunks, so entries straddle chunk boundaries
        open: async () =>
          Readable.from(
            Array.from({ length: Math.ceil(body.length / 777) }, (_, i) =>
              body.subarray(i * 777, (i + 1) * 777),
            ),
          ),
      };
    }
  })();
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

const FILES: Record<string, Buffer> = {
  'clients/0195/scan.pdf': randomBytes(5000),
  'documents/2026/contract-000123/v1.pdf': randomBytes(512),
  'empty.png': Buffer.alloc(0),
  [`templates/${'очень-длинное-имя-'.repeat(4)}.png`]: randomBytes(70_000),
};

describe('object archive (pax tar)', () => {
  it('reads back every object with its content type and checksum when written and read as streams', async () => {
    const { stream, totals } = writeObjectArchive(objectsOf(FILES));
    const tar = await collect(stream);
    const seen: Record<string, { type: string; sha: string }> = {};
    const read = await readObjectArchive(Readable.from([tar.subarray(0, 1000), tar.subarray(1000)]), {
      object: async (o) => {
        const body = await collect(o.body);
        expect(await o.sha256).toBe(sha(body));
        seen[o.key] = { type: o.contentType, sha: sha(body) };
      },
    });
    expect(Object.keys(seen).sort()).toEqual(Object.keys(FILES).sort());
    for (const [k, b] of Object.entries(FILES)) expect(seen[k].sha).toBe(sha(b));
    expect(seen['clients/0195/scan.pdf'].type).toBe('application/pdf');
    expect(read).toEqual(await totals);
    expect(read.count).toBe(4);
  });

  it('unpacks with GNU tar into the same files when an operator extracts it by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-tar-'));
    try {
      writeFileSync(join(dir, 'a.tar'), await collect(writeObjectArchive(objectsOf(FILES)).stream));
      const r = spawnSync('tar', ['-xf', 'a.tar', '--warning=no-unknown-keyword'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const [k, b] of Object.entries(FILES)) expect(sha(readFileSync(join(dir, k)))).toBe(sha(b));
      expect(readFileSync(join(dir, '.crm-backup/SHA256SUMS'), 'utf8')).toContain(
        `${sha(FILES['empty.png'])}  empty.png`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails when an object in the archive no longer matches SHA256SUMS', async () => {
    const tar = await collect(
      writeObjectArchive(objectsOf({ 'a.pdf': Buffer.from('%PDF-original') })).stream,
    );
    const i = tar.indexOf('%PDF-original');
    tar[i + 5] = 'X'.charCodeAt(0);
    await expect(
      readObjectArchive(Readable.from([tar]), { object: async (o) => void (await collect(o.body)) }),
    ).rejects.toThrow('object a.pdf: its checksum does not match');
  });

  it('fails when the archive is cut short', async () => {
    const tar = await collect(writeObjectArchive(objectsOf(FILES)).stream);
    await expect(
      readObjectArchive(Readable.from([tar.subarray(0, tar.length - 3000)]), {
        object: async (o) => void (await collect(o.body)),
      }),
    ).rejects.toThrow(/ends in the middle|incomplete/);
  });

  it('fails the backup when an object changes size while it is read', async () => {
    const objects = (async function* (): AsyncGenerator<ArchiveObject> {
      yield {
        key: 'x.pdf',
        size: 10,
        contentType: 'application/pdf',
        open: async () => Readable.from([Buffer.alloc(4)]),
      };
    })();
    const { stream, totals } = writeObjectArchive(objects);
    await expect(collect(stream)).rejects.toThrow('changed size');
    await expect(totals).rejects.toThrow('changed size');
  });
});
