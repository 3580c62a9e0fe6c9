import { useIntDb } from '../../../../../test/support/int-db';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';
import { AttachmentNameBackfill } from './attachment-name.backfill';

describe('AttachmentNameBackfill on the migrated schema', () => {
  const db = useIntDb();
  const codec = new ApplicationPiiCodec(testCipher('k1'));

  it('moves clear attachment names into the sealed pii (keeping the contact), batch by batch, once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = uuidv7();
      ids.push(id);
      const sealed = codec.seal(id, {
        contact: { name: `Гость ${i}`, phone: null, email: null, telegram: null },
        payload: {},
      });
      const attId = uuidv7();
      await db().q(
        `INSERT INTO applications (id, number, source, status, text, pii, key_id, attachments)
         VALUES ($1, $2, 'web', 'new', 'текст', $3, $4, $5::jsonb)`,
        [
          id,
          `З-2099-00000${i}`,
          sealed.pii,
          sealed.keyId,
          JSON.stringify([
            {
              id: attId,
              key: `k/${attId}`,
              fileName: `паспорт ${i}.pdf`,
              contentType: 'application/pdf',
              size: 1,
            },
          ]),
        ],
      );
    }
    const backfill = new AttachmentNameBackfill(db().uow, codec);
    expect(await backfill.run(2)).toBe(3);
    const rows = await db().q<{ id: string; pii: string; attachments: Array<Record<string, unknown>> }>(
      `SELECT id, pii, attachments FROM applications WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    for (const r of rows) {
      expect(r.attachments[0]).not.toHaveProperty('fileName');
      const opened = codec.open(r.id, r.pii);
      expect(Object.values(opened.fileNames ?? {})).toHaveLength(1);
    }
    const first = codec.open(ids[0], rows.find((r) => r.id === ids[0])!.pii);
    expect(first.contact.name).toBe('Гость 0');
    expect(Object.values(first.fileNames!)).toEqual(['паспорт 0.pdf']);
    expect(await backfill.run()).toBe(0);
    await expect(backfill.onApplicationBootstrap()).resolves.toBeUndefined();
  });
});
