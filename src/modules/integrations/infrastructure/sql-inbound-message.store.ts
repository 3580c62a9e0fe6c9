import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../shared/crypto/field-cipher';
import { SealsColumns } from '../../../shared/crypto/sealed-columns';
import { isDataOrConstraintError } from '../../../shared/database/pg-errors';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../shared/domain/uuid';
import { SmartBatch } from '../../../shared/runtime/smart-batch';
import { InboundSignals } from '../application/inbound/inbound-signals';
import {
  CONSENT_HOLD_MS,
  type ConversationView,
  type InboundMessage,
  type StoredInboundMessage,
} from '../application/inbound/inbound-message.port';
import {
  inboundAad,
  InboundMessageStore,
  MAX_PROVIDER_ID,
} from '../application/ports/inbound-message.store.port';

/** An inbound message as written: sealed, its thread under a blind index. */
interface SealedRow {
  id: string;
  channel: string;
  integration: string;
  provider: string;
  thread: string | null;
  body: string;
  at: string;
}

interface ConversationRow {
  application_id: string | null;
  last_message_at: Date | null;
  last_customer_message_at: Date | null;
  consent_given_at: Date | null;
  consent_text_version: string | null;
  consent_asked_at: Date | null;
}

/**
 * {@link InboundMessageStore} on PostgreSQL: `inbound_messages`, `inbound_conversations`,
 * `inbound_references`, `inbound_attachments`.
 */
@Injectable()
@SealsColumns([{ table: 'inbound_messages', column: 'body', keyIdColumn: 'key_id', aad: inboundAad }])
export class SqlInboundMessageStore extends InboundMessageStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
    private readonly signals: InboundSignals,
  ) {
    super();
  }

  /**
   * Stores a message once per (integration, provider message id), sealed; `stored: false` for a
   * redelivery. In the adapter's transaction when there is one; outside one it is written with the
   * deliveries that arrive meanwhile, as {@link receiveMany}. The worker is nudged after commit.
   */
  async receive(message: InboundMessage): Promise<{ stored: boolean; id: string | null }> {
    const row = this.sealedRow(message);
    const [stored] = await this.write([row]);
    if (!stored) return { stored: false, id: null };
    this.uow.afterCommit(() => this.signals.messagesStored());
    return { stored: true, id: row.id };
  }

  /**
   * Stores several messages in ONE statement (a webhook delivery's batch), each sealed and kept
   * once per (integration, provider message id); returns how many were new. Atomic on its own,
   * so a webhook needs no transaction around it; the worker is nudged after commit.
   *
   * Outside a transaction the deliveries that arrive while one is being written are written
   * together next ({@link SmartBatch}): under a burst of webhooks they share one statement and one
   * commit instead of queueing for a connection each (issue 18). Alone, a delivery goes out at once.
   */
  async receiveMany(messages: readonly InboundMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const stored = await this.write(messages.map((message) => this.sealedRow(message)));
    const count = stored.filter(Boolean).length;
    if (count > 0) this.uow.afterCommit(() => this.signals.messagesStored());
    return count;
  }

  /** Deliveries written together: at most this many messages in one statement. */
  static readonly BATCH_MESSAGES = 500;

  private readonly deliveries = new SmartBatch<SealedRow, boolean>(
    (rows) => this.insertRows(rows),
    SqlInboundMessageStore.BATCH_MESSAGES,
    // one delivery's data or a constraint it breaks: each again on its own; a lost or refused
    // connection fails them all at once, as it would have failed each
    isDataOrConstraintError,
  );

  /** `rows` in the current transaction, or written together with the others arriving meanwhile. */
  private write(rows: readonly SealedRow[]): Promise<boolean[]> {
    return this.uow.inTransaction ? this.insertRows(rows) : this.deliveries.submit(rows);
  }

  private sealedRow(message: InboundMessage): SealedRow {
    const providerId = message.providerMessageId;
    if (typeof providerId !== 'string' || providerId === '' || providerId.length > MAX_PROVIDER_ID) {
      throw new Error('an inbound message needs a provider message id of 1–998 characters');
    }
    const id = uuidv7();
    return {
      id,
      channel: message.channel,
      integration: message.integrationId,
      provider: providerId,
      thread: message.threadKey === null ? null : this.threadHash(message.integrationId, message.threadKey),
      body: this.cipher.encrypt(JSON.stringify(message), inboundAad(id)),
      at: message.receivedAt,
    };
  }

  /**
   * One INSERT of `rows`; for each, whether it was new. Of two rows with the same provider message
   * id in one statement the first is kept (ON CONFLICT DO NOTHING sees the row inserted before it).
   */
  private async insertRows(rows: readonly SealedRow[]): Promise<boolean[]> {
    const inserted = await this.uow.preparedRows<{ id: string }>(
      'inbound.receive-many',
      `INSERT INTO inbound_messages (id, channel, integration_id, provider_message_id, thread_hash, body, key_id,
                                     received_at)
       SELECT m.id, m.channel, m.integration_id, m.provider_message_id, m.thread_hash, m.body, $7, m.received_at
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $8::timestamptz[])
              AS m(id, channel, integration_id, provider_message_id, thread_hash, body, received_at)
       ON CONFLICT (integration_id, provider_message_id) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.channel),
        rows.map((r) => r.integration),
        rows.map((r) => r.provider),
        rows.map((r) => r.thread),
        rows.map((r) => r.body),
        this.cipher.currentKeyId,
        rows.map((r) => r.at),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    return rows.map((r) => fresh.has(r.id));
  }

  /** A stored message, opened. */
  async load(id: string): Promise<StoredInboundMessage | null> {
    const [row] = await this.uow.preparedRows<{ body: string; attempts: number }>(
      'inbound.load',
      `SELECT body, attempts FROM inbound_messages WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const message = JSON.parse(this.cipher.decrypt(row.body, inboundAad(id))) as InboundMessage;
    return { ...message, id, attempts: row.attempts };
  }

  /** The blind index a thread key is kept under (never the key itself: it is a phone or an address). */
  threadHash(integrationId: string, threadKey: string): string {
    return this.cipher.blindIndex('inbound-thread', `${integrationId}\u0000${threadKey}`);
  }

  /** The conversation of a thread, created on first contact and locked for the transaction. */
  async conversation(integrationId: string, channel: string, threadKey: string): Promise<ConversationView> {
    const hash = this.threadHash(integrationId, threadKey);
    await this.uow.prepared(
      'inbound.conversation-ensure',
      `INSERT INTO inbound_conversations (integration_id, thread_hash, channel) VALUES ($1, $2, $3)
       ON CONFLICT (integration_id, thread_hash) DO NOTHING`,
      [integrationId, hash, channel],
    );
    const [r] = await this.uow.preparedRows<ConversationRow>(
      'inbound.conversation-lock',
      `SELECT application_id, last_message_at, last_customer_message_at, consent_given_at, consent_text_version,
              consent_asked_at
         FROM inbound_conversations WHERE integration_id = $1 AND thread_hash = $2 FOR UPDATE`,
      [integrationId, hash],
    );
    return {
      applicationId: r.application_id,
      lastMessageAt: r.last_message_at,
      lastCustomerMessageAt: r.last_customer_message_at,
      consentGivenAt: r.consent_given_at,
      consentTextVersion: r.consent_text_version,
    };
  }

  /** Read-only look at a conversation (outgoing replies check WhatsApp's 24-hour window with it). */
  async peekConversation(integrationId: string, threadKey: string): Promise<ConversationView | null> {
    const [r] = await this.uow.rows<ConversationRow>(
      `SELECT application_id, last_message_at, last_customer_message_at, consent_given_at, consent_text_version,
              consent_asked_at
         FROM inbound_conversations WHERE integration_id = $1 AND thread_hash = $2`,
      [integrationId, this.threadHash(integrationId, threadKey)],
    );
    return r
      ? {
          applicationId: r.application_id,
          lastMessageAt: r.last_message_at,
          lastCustomerMessageAt: r.last_customer_message_at,
          consentGivenAt: r.consent_given_at,
          consentTextVersion: r.consent_text_version,
        }
      : null;
  }

  /** The customer wrote at `at` (kept even while the message is held: the reply window runs from it). */
  async touchCustomer(integrationId: string, threadKey: string, at: Date): Promise<void> {
    await this.uow.prepared(
      'inbound.touch-customer',
      `UPDATE inbound_conversations SET last_customer_message_at = GREATEST(last_customer_message_at, $3)
        WHERE integration_id = $1 AND thread_hash = $2`,
      [integrationId, this.threadHash(integrationId, threadKey), at],
    );
  }

  async setConversation(
    integrationId: string,
    threadKey: string,
    applicationId: string,
    clientId: string | null,
    at: Date,
  ): Promise<void> {
    await this.uow.prepared(
      'inbound.set-conversation',
      `UPDATE inbound_conversations SET application_id = $3, client_id = COALESCE($4, client_id), last_message_at = $5
        WHERE integration_id = $1 AND thread_hash = $2`,
      [integrationId, this.threadHash(integrationId, threadKey), applicationId, clientId, at],
    );
  }

  async recordConsent(
    integrationId: string,
    threadKey: string,
    textVersion: string,
    at: Date,
  ): Promise<void> {
    await this.uow.sql(
      `UPDATE inbound_conversations SET consent_given_at = $3, consent_text_version = $4
        WHERE integration_id = $1 AND thread_hash = $2`,
      [integrationId, this.threadHash(integrationId, threadKey), at, textVersion],
    );
  }

  /** Marks that the consent question went out; true the first time (ask once per conversation and day). */
  async markConsentAsked(integrationId: string, threadKey: string): Promise<boolean> {
    const r = await this.uow.sql(
      `UPDATE inbound_conversations SET consent_asked_at = now()
        WHERE integration_id = $1 AND thread_hash = $2
          AND (consent_asked_at IS NULL OR consent_asked_at < now() - interval '1 day')`,
      [integrationId, this.threadHash(integrationId, threadKey)],
    );
    return r.rowCount === 1;
  }

  /** Keeps a message sealed without processing it until consent (at most {@link CONSENT_HOLD_MS}). */
  async hold(id: string, integrationId: string, threadKey: string): Promise<void> {
    await this.uow.sql(
      `UPDATE inbound_messages SET status = 'held', thread_hash = $2, hold_until = now() + make_interval(secs => $3),
              attempts = attempts + 1, last_error = NULL
        WHERE id = $1`,
      [id, this.threadHash(integrationId, threadKey), CONSENT_HOLD_MS / 1000],
    );
  }

  /** Consent given: the thread's held messages go back to the worker, oldest first. */
  async releaseHeld(integrationId: string, threadKey: string): Promise<number> {
    const r = await this.uow.sql(
      `UPDATE inbound_messages SET status = 'pending', hold_until = NULL, next_attempt_at = now()
        WHERE integration_id = $1 AND thread_hash = $2 AND status = 'held'`,
      [integrationId, this.threadHash(integrationId, threadKey)],
    );
    if (r.rowCount > 0) this.uow.afterCommit(() => this.signals.messagesStored());
    return r.rowCount;
  }

  /** Consent refused: the thread's held messages are destroyed. */
  async destroyHeld(integrationId: string, threadKey: string): Promise<number> {
    const r = await this.uow.sql(
      `DELETE FROM inbound_messages WHERE integration_id = $1 AND thread_hash = $2 AND status = 'held'`,
      [integrationId, this.threadHash(integrationId, threadKey)],
    );
    return r.rowCount;
  }

  /** Held messages whose 24 hours are over are destroyed; returns how many. */
  async destroyExpiredHolds(): Promise<number> {
    const r = await this.uow.sql(
      `DELETE FROM inbound_messages WHERE status = 'held' AND hold_until <= now()`,
    );
    return r.rowCount;
  }

  /** Records that `reference` (a provider message id of either direction) belongs to an application. */
  async addReference(integrationId: string, reference: string, applicationId: string): Promise<void> {
    if (!reference || reference.length > MAX_PROVIDER_ID) return;
    await this.uow.prepared(
      'inbound.add-reference',
      `INSERT INTO inbound_references (integration_id, reference, application_id) VALUES ($1, $2, $3)
       ON CONFLICT (integration_id, reference) DO NOTHING`,
      [integrationId, reference, applicationId],
    );
  }

  /** The application of the first reference known for the integration, in the order given. */
  async findByReferences(integrationId: string, references: string[]): Promise<string | null> {
    const refs = references.filter((r) => typeof r === 'string' && r !== '' && r.length <= MAX_PROVIDER_ID);
    if (refs.length === 0) return null;
    const [r] = await this.uow.preparedRows<{ application_id: string }>(
      'inbound.find-by-references',
      `SELECT r.application_id FROM unnest($2::text[]) WITH ORDINALITY AS x(reference, n)
         JOIN inbound_references r ON r.integration_id = $1 AND r.reference = x.reference
        ORDER BY x.n LIMIT 1`,
      [integrationId, refs],
    );
    return r?.application_id ?? null;
  }

  /** The message became (part of) an application. */
  async markDone(id: string, applicationId: string | null, clientId: string | null): Promise<void> {
    await this.uow.prepared(
      'inbound.mark-done',
      `UPDATE inbound_messages SET status = 'done', processed_at = now(), attempts = attempts + 1, last_error = NULL,
              application_id = $2, client_id = $3, hold_until = NULL
        WHERE id = $1`,
      [id, applicationId, clientId],
    );
  }

  /** One fetch job per attachment of the message. */
  async queueAttachments(messageId: string, count: number, applicationId: string): Promise<void> {
    if (count <= 0) return;
    await this.uow.sql(
      `INSERT INTO inbound_attachments (message_id, idx, application_id)
       SELECT $1, i, $3 FROM generate_series(0, $2 - 1) AS i
       ON CONFLICT (message_id, idx) DO NOTHING`,
      [messageId, count, applicationId],
    );
    this.uow.afterCommit(() => this.signals.attachmentsQueued());
  }
}
