import { BackupError, compareFacts, MANIFEST_FORMAT, missingKeyIds, parseManifest } from './backup-manifest';

const SHA = 'a'.repeat(64);
const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: MANIFEST_FORMAT,
    artefacts: [{ name: 'database.dump.age', kind: 'database', size: 10, sha256: SHA }],
    keyIds: ['k1'],
    ...over,
  });

describe('backup manifest', () => {
  it('parses a manifest when its format and artefacts are valid', () => {
    expect(parseManifest(manifest()).artefacts[0].name).toBe('database.dump.age');
  });

  it('refuses a manifest when it is not JSON, of another format, or names a path outside the backup', () => {
    expect(() => parseManifest('{')).toThrow(BackupError);
    expect(() => parseManifest(manifest({ format: 'other/1' }))).toThrow(
      'is not a travel-crm-backup/1 manifest',
    );
    for (const name of ['../etc/passwd', '.hidden', 'a/b']) {
      expect(() =>
        parseManifest(manifest({ artefacts: [{ name, kind: 'database', size: 1, sha256: SHA }] })),
      ).toThrow('invalid artefact');
    }
    expect(() =>
      parseManifest(manifest({ artefacts: [{ name: 'x.age', kind: 'database', size: 1, sha256: 'nope' }] })),
    ).toThrow('no valid size and sha256');
    expect(() =>
      parseManifest(manifest({ artefacts: [{ name: 'o.age', kind: 'objects', size: 1, sha256: SHA }] })),
    ).toThrow('lists no database');
  });

  it('names the key ids the configuration lacks when data is sealed under them', () => {
    expect(missingKeyIds({ keyIds: ['k1', 'k2'] }, ['k2', 'k3'])).toEqual(['k1']);
    expect(missingKeyIds({ keyIds: [] }, ['k1'])).toEqual([]);
  });

  it('lists every difference in rows, audit head and objects when a restore does not match', () => {
    const expected = {
      tables: { clients: 3, orders: 2 },
      audit: { entries: 5, lastId: 'a5', lastHash: 'h5' },
      objects: { count: 2, bytes: 100, digest: 'd' },
    };
    expect(compareFacts(expected, expected)).toEqual([]);
    expect(
      compareFacts(expected, {
        tables: { clients: 3, payments: 1 },
        audit: { entries: 4, lastId: 'a4', lastHash: 'h5' },
        objects: { count: 2, bytes: 100, digest: 'e' },
      }),
    ).toEqual([
      'table orders: 2 rows in the manifest, absent restored',
      'table payments: absent rows in the manifest, 1 restored',
      'audit entries: 5 in the manifest, 4 restored',
      'audit lastId: a5 in the manifest, a4 restored',
      'objects digest: d in the manifest, e restored',
    ]);
  });
});
