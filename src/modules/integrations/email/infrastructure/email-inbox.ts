import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { MailboxCursor } from '../application/mailbox-store.port';

export const messageSourceAad = (id: string): string => `email_message:${id}:source`;

export type StoreResult = 'stored' | 'duplicate' | 'lease-lost';

export interface ClaimedMessage {
  id: string;
  integrationId: string;
  attempts: number;
  source: Buffer;
}

/**
 * The received messages of every mailbox (raw source sealed) and the reading state of each
 * mailbox: its IMAP cursor and the lease that lets one replica at a time read it. Every write the
 * reader makes is fenced by the lease: a replica that lost it can neither store nor move the cursor.
 */
@Injectable()
@SealsColumns([{ table: 'email_messages', column: 'source', keyIdColumn: 'key_id', aad: messageSourceAad }])
export class EmailInbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  /** Active e-mail integrations (candidates for reading). */
  async activeMailboxes(): Promise<string[]> {
    const rows = await this.uow.rows<{ id: string }>(
      `SELECT s.id FROM integration_settings s JOIN email_mailboxes m ON m.integration_id = s.id
        WHERE s.is_active AND s.type = 'email' ORDER BY s.id`,
    );
    return rows.map((r) => r.id);
  }

  /** Takes or renews the lease; true when `owner` holds it until now + ttl. */
  async lease(integrationId: string, owner: string, ttlMs: number): Promise<boolean> {
    const r = await this.uow.sql(
      `UPDATE email_mailboxes SET lease_owner = $2, lease_until = now() + make_interval(secs => $3::float8 / 1000)
        WHERE integration_id = $1
          AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())`,
      [integrationId, owner, ttlMs],
    );
    return r.rowCount === 1;
  }

  async release(integrationId: string, owner: string): Promise<void> {
    await this.uow.sql(
      `UPDATE email_mailboxes SET lease_owner = NULL, lease_until = NULL WHERE integration_id = $1 AND lease_owner = $2`,
      [integrationId, owner],
    );
  }

  async cursor(integrationId: string): Promise<MailboxCursor & { readingSince: Date | null }> {
    const [r] = await this.uow.rows<{
      uid_validity: string | null;
      last_uid: string;
      reading_since: Date | null;
    }>(
      `SELECT uid_validity::text, last_uid::text, reading_since FROM email_mailboxes WHERE integration_id = $1`,
      [integrationId],
    );
    return {
      uidValidity: !r || r.uid_validity === null ? null : Number(r.uid_validity),
      lastUid: r ? Number(r.last_uid) : 0,
      readingSince: r?.reading_since ?? null,
    };
  }

  /**
   * Moves the cursor to a UIDVALIDITY: on the first read past what the mailbox already holds
   * (`lastUid` = UIDNEXT − 1: old mail is left alone); after the server renumbered the mailbox,
   * back to UID 0 (messages already stored are recognised by their Message-ID and skipped).
   */
  async resetCursor(
    integrationId: string,
    owner: string,
    uidValidity: number,
    lastUid: number,
  ): Promise<boolean> {
    const r = await this.uow.sql(
      `UPDATE email_mailboxes SET uid_validity = $3, last_uid = $4, updated_at = now(),
              reading_since = COALESCE(reading_since, now())
        WHERE integration_id = $1 AND lease_owner = $2 AND lease_until > now()`,
      [integrationId, owner, uidValidity, lastUid],
    );
    return r.rowCount === 1;
  }

  /**
   * Stores one message and moves the cursor past its UID in one transaction: a crash before the
   * commit reads it again, after it never; a message already stored (same Message-ID) only moves
   * the cursor.
   */
  async store(
    integrationId: string,
    owner: string,
    uidValidity: number,
    uid: number,
    providerId: string,
    source: Buffer,
  ): Promise<StoreResult> {
    return this.uow.run(async () => {
      const moved = await this.uow.sql(
        `UPDATE email_mailboxes SET last_uid = GREATEST(last_uid, $4), updated_at = now()
          WHERE integration_id = $1 AND lease_owner = $2 AND lease_until > now() AND uid_validity = $3`,
        [integrationId, owner, uidValidity, uid],
      );
      if (moved.rowCount !== 1) return 'lease-lost';
      const id = uuidv7();
      const inserted = await this.uow.sql(
        `INSERT INTO email_messages (id, integration_id, provider_id, uid_validity, uid, source, key_id, size)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (integration_id, provider_id) DO NOTHING`,
        [
          id,
          integrationId,
          providerId,
          uidValidity,
          uid,
          this.cipher.encrypt(source.toString('base64'), messageSourceAad(id)),
          this.cipher.currentKeyId,
          source.length,
        ],
      );
      return inserted.rowCount === 1 ? 'stored' : 'duplicate';
    });
  }

  /** Claims the next due message (SKIP LOCKED: replicas never take the same one); call inside a transaction. */
  async claim(): Promise<ClaimedMessage | null> {
    const [r] = await this.uow.rows<{ id: string; integration_id: string; attempts: number; source: string }>(
      `SELECT id, integration_id, attempts, source FROM email_messages
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!r) return null;
    return {
      id: r.id,
      integrationId: r.integration_id,
      attempts: r.attempts,
      source: Buffer.from(this.cipher.decrypt(r.source, messageSourceAad(r.id)), 'base64'),
    };
  }

  async finish(
    id: string,
    status: 'done' | 'ignored',
    kind: string,
    applicationId: string | null,
  ): Promise<void> {
    await this.uow.sql(
      `UPDATE email_messages SET status = $2, kind = $3, application_id = $4, attempts = attempts + 1,
              processed_at = now(), last_error = NULL
        WHERE id = $1`,
      [id, status, kind, applicationId],
    );
  }

  async fail(
    id: string,
    attempts: number,
    parked: boolean,
    error: string,
    delaySeconds: number,
  ): Promise<void> {
    await this.uow.sql(
      `UPDATE email_messages SET attempts = $2, status = $3, last_error = $4,
              next_attempt_at = now() + make_interval(secs => $5)
        WHERE id = $1`,
      [id, attempts, parked ? 'failed' : 'pending', error.slice(0, 500), delaySeconds],
    );
  }
}
