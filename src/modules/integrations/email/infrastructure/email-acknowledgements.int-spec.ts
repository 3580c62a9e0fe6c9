import { useIntDb } from '../../../../../test/support/int-db';
import { insertEmailIntegration } from '../../../../../test/support/int-email';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { ackInReplyToAad, ackRecipientAad, EmailAcknowledgements } from './email-acknowledgements';

describe('EmailAcknowledgements on the migrated schema', () => {
  const db = useIntDb();
  const cipher = testCipher('k1');
  const acks = () => new EmailAcknowledgements(db().uow, cipher);

  it('queues at most one acknowledgement per sender, day and mailbox, with the address and Message-ID sealed', async () => {
    const id = await insertEmailIntegration(db());
    const other = await insertEmailIntegration(db());
    const app = uuidv7();
    expect(await acks().queue(id, app, 'З-2026-000001', 'Client@Example.ru', 'abc@example.ru')).toBe(true);
    expect(await acks().queue(id, uuidv7(), 'З-2026-000002', ' client@example.ru ', null)).toBe(false);
    expect(await acks().queue(other, app, null, 'client@example.ru', null)).toBe(true);
    const rows = await db().q<{
      id: string;
      recipient_encrypted: string;
      in_reply_to: string | null;
      status: string;
    }>(
      `SELECT id, recipient_encrypted, in_reply_to, status FROM email_acknowledgements WHERE integration_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r.status).toBe('pending');
    expect(JSON.stringify(r)).not.toContain('example.ru');
    expect(cipher.decrypt(r.recipient_encrypted, ackRecipientAad(r.id))).toBe('Client@Example.ru');
    expect(cipher.decrypt(r.in_reply_to!, ackInReplyToAad(r.id))).toBe('abc@example.ru');
  });

  it('gives each application a stable, unguessable reply token', () => {
    const app = uuidv7();
    expect(acks().tokenOf(app)).toBe(acks().tokenOf(app));
    expect(acks().tokenOf(app)).not.toBe(acks().tokenOf(uuidv7()));
    expect(acks().tokenOf(app)).not.toContain(app.slice(0, 8));
  });
});
