import { useIntDb } from '../../../../../test/support/int-db';
import { insertEmailIntegration, mailboxSettings } from '../../../../../test/support/int-email';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { SqlMailboxStore } from './sql-mailbox.store';

describe('SqlMailboxStore on the migrated schema', () => {
  const db = useIntDb();
  const store = () => new SqlMailboxStore(db().uow, testCipher('k1'));

  it('round-trips a mailbox with both passwords sealed and a fresh cursor', async () => {
    const id = await insertEmailIntegration(db());
    const settings = mailboxSettings({ password: 'Secret-Пароль-1' });
    await store().insert(id, settings);
    expect(await store().find(id)).toEqual({
      integrationId: id,
      settings,
      cursor: { uidValidity: null, lastUid: 0 },
    });
    const [row] = await db().q<Record<string, string>>(
      `SELECT imap_password_encrypted, smtp_password_encrypted, key_id FROM email_mailboxes WHERE integration_id = $1`,
      [id],
    );
    expect(row.key_id).toBe('k1');
    expect(JSON.stringify(row)).not.toContain('Secret');
    // each password is bound to its column: swapped, they do not open
    await db().q(
      `UPDATE email_mailboxes SET imap_password_encrypted = smtp_password_encrypted WHERE integration_id = $1`,
      [id],
    );
    await expect(store().find(id)).rejects.toThrow();
    expect(await store().find(uuidv7())).toBeNull();
  });

  it('reads the stored cursor and refuses a second mailbox for one integration', async () => {
    const id = await insertEmailIntegration(db());
    await store().insert(id, mailboxSettings());
    await db().q(
      `UPDATE email_mailboxes SET uid_validity = 1700000000, last_uid = 42 WHERE integration_id = $1`,
      [id],
    );
    expect((await store().find(id))!.cursor).toEqual({ uidValidity: 1700000000, lastUid: 42 });
    await expect(store().insert(id, mailboxSettings())).rejects.toThrow(/duplicate key|unique/);
  });
});
