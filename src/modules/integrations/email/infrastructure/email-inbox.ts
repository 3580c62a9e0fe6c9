import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { InboundMessage } from '../../application/inbound/inbound-message.port';
import { InboundMessageStore } from '../../application/ports/inbound-message.store.port';
import type { MailboxCursor } from '../application/mailbox-store.port';

export type StoreResult = 'stored' | 'duplicate' | 'lease-lost';

/**
 * The reading state of each mailbox: its IMAP cursor and the lease that lets one replica at a time
 * read it; messages go to the inbound port. Every write the reader makes is fenced by the lease: a
 * replica that lost it can neither store nor move the cursor.
 */
@Injectable()
export class EmailInbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly port: InboundMessageStore,
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
   * Hands one message to the inbound port and moves the cursor past its UID in one transaction: a
   * crash before the commit reads it again, after it never; a message the port already has (same
   * Message-ID, e.g. after a UIDVALIDITY change) only moves the cursor.
   */
  async store(
    integrationId: string,
    owner: string,
    uidValidity: number,
    uid: number,
    message: InboundMessage,
  ): Promise<StoreResult> {
    return this.uow.run(async () => {
      const moved = await this.uow.sql(
        `UPDATE email_mailboxes SET last_uid = GREATEST(last_uid, $4), updated_at = now()
          WHERE integration_id = $1 AND lease_owner = $2 AND lease_until > now() AND uid_validity = $3`,
        [integrationId, owner, uidValidity, uid],
      );
      if (moved.rowCount !== 1) return 'lease-lost';
      const { stored } = await this.port.receive(message);
      return stored ? 'stored' : 'duplicate';
    });
  }
}
