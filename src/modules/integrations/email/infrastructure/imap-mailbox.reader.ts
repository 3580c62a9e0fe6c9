import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ImapFlow } from 'imapflow';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { SYSTEM_ACTOR } from '../../../../shared/domain/actor';
import { RecordIntegrationFailureCommand } from '../../application/commands/set-integration-active/set-integration-active.command';
import { MAILBOX_STORE, type MailboxStore } from '../application/mailbox-store.port';
import { EmailInbox } from './email-inbox';
import { MAX_ATTACHMENT_BYTES } from '../../../applications/contracts/applications.limits';
import { toInboundMessage } from '../application/email-message';
import type { InboundEmail } from '../domain/inbound-email';
import { bareAddress, type MailboxSettings } from '../domain/mailbox-settings';
import { describeMailError, imapClient, scrubSecrets } from './imap-connection';
import { parseEmail } from './mime-parser';
import { runsBackgroundHere } from '../../../../shared/runtime/process-role';

/** Milliseconds to wait before the n-th reconnect: doubling from the base, capped, with ±20 % jitter. */
export function reconnectDelay(failures: number, baseMs: number, maxMs: number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

type RoundResult = 'ok' | 'lease-lost';

/**
 * Reads one mailbox for as long as this replica holds its lease: connects, opens the mailbox
 * read-only (messages stay unread for the staff), stores every message past the cursor, then
 * waits in IDLE (or NOOP polling) for new mail; a dropped connection reconnects with backoff and
 * catches up from the cursor.
 */
class MailboxSession {
  private stopped = false;
  private pending = true;
  private wake: (() => void) | null = null;
  private client: ImapFlow | null = null;
  private failures = 0;
  readonly done: Promise<void>;
  /** Connections made so far (tests watch reconnects). */
  connections = 0;

  constructor(
    readonly integrationId: string,
    private readonly reader: ImapMailboxReader,
  ) {
    this.done = this.run();
  }

  poke(): void {
    this.pending = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.client?.close();
    await this.done;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const { logger, config } = this.reader;
    while (!this.stopped) {
      let secrets: string[] = [];
      try {
        const mailbox = await this.reader.mailboxes.find(this.integrationId);
        if (!mailbox) return;
        const imap = mailbox.settings.imap;
        secrets = [imap.password, mailbox.settings.smtp.password];
        const client = imapClient(imap, { allowSelfSigned: config.email.allowSelfSigned });
        this.client = client;
        let closed = false;
        client.on('close', () => {
          closed = true;
          this.wake?.();
        });
        client.on('error', (err: unknown) =>
          logger.warn(`mailbox ${this.integrationId}: ${scrubSecrets(describeMailError(err), secrets)}`),
        );
        client.on('exists', () => this.poke());
        await client.connect();
        await client.mailboxOpen(imap.mailbox, { readOnly: true });
        // a new UIDVALIDITY seen on a re-SELECT: catch up (the round resets the cursor)
        client.on('mailboxOpen', () => this.poke());
        this.connections += 1;
        this.failures = 0;
        logger.log(`mailbox ${this.integrationId}: connected (${this.connections})`);
        while (!this.stopped && !closed) {
          if (this.pending) {
            this.pending = false;
            const round = await this.reader.catchUp(
              this.integrationId,
              mailbox.settings,
              client,
              () => this.stopped,
            );
            if (round === 'lease-lost') {
              logger.warn(`mailbox ${this.integrationId}: lease lost, stopping`);
              this.stopped = true;
              break;
            }
            continue;
          }
          await this.sleep(config.email.pollIntervalMs);
          this.pending = true;
        }
        if (closed && !this.stopped) throw new Error('the IMAP connection was closed');
      } catch (err) {
        if (this.stopped) break;
        this.failures += 1;
        const reason = scrubSecrets(describeMailError(err), secrets);
        logger.warn(`mailbox ${this.integrationId}: ${reason}; reconnect #${this.failures}`);
        if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
          // a changed or revoked password: stop and show why, as a refused bot token does
          await this.reader.commands
            .execute(
              new RecordIntegrationFailureCommand(
                this.integrationId,
                `IMAP login refused: ${reason}`,
                SYSTEM_ACTOR,
              ),
            )
            .catch(() => undefined);
          this.stopped = true;
          break;
        }
        await this.sleep(
          reconnectDelay(this.failures, config.email.reconnectBaseMs, config.email.reconnectMaxMs),
        );
      } finally {
        const c = this.client;
        this.client = null;
        if (c) {
          c.removeAllListeners('exists');
          c.close();
        }
      }
    }
  }
}

/**
 * Reads the mailboxes of active e-mail integrations. A mailbox is read by one replica at a time:
 * the one holding its lease row (renewed every poll interval, taken over after it lapses); every
 * store is fenced by the lease, so a replica that lost it cannot move the cursor.
 */
@Injectable()
export class ImapMailboxReader implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly logger = new Logger('EmailIntake');
  /** This process's name in lease rows. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly sessions = new Map<string, MailboxSession>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private nextRound: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly inbox: EmailInbox,
    @Inject(MAILBOX_STORE) readonly mailboxes: MailboxStore,
    readonly commands: CommandBus,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsBackgroundHere()) return;
    this.timer = setInterval(() => void this.tick(), this.config.email.pollIntervalMs);
    this.timer.unref();
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await Promise.all(
      [...this.sessions.entries()].map(async ([id, s]) => {
        await s.stop();
        await this.inbox.release(id, this.owner).catch(() => undefined);
      }),
    );
    this.sessions.clear();
  }

  /** Connections a session of this replica made to a mailbox (0 when it reads none). */
  connectionsOf(integrationId: string): number {
    return this.sessions.get(integrationId)?.connections ?? 0;
  }

  /**
   * Starts, renews and stops sessions to match the active integrations and the leases held. Asked
   * while a round runs, it runs one more round after it (one, however often it is asked): the
   * running round may have read the integrations before the change the caller wants seen (an
   * integration switched off stopped being read only one poll interval later — found as a flaky
   * spec whose tick() joined the timer's round).
   */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.ticking) {
      this.nextRound ??= this.ticking.then(() => {
        this.nextRound = null;
        return this.tick();
      });
      return this.nextRound;
    }
    this.ticking = this.reconcile()
      .catch((err: unknown) => this.logger.warn(`mailbox round failed: ${(err as Error).message}`))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async reconcile(): Promise<void> {
    const active = new Set(await this.inbox.activeMailboxes());
    for (const [id, s] of this.sessions) {
      if (active.has(id)) continue;
      this.sessions.delete(id);
      await s.stop();
      await this.inbox.release(id, this.owner);
    }
    for (const id of active) {
      if (this.stopped) return;
      const held = await this.inbox.lease(id, this.owner, this.config.email.leaseMs);
      const s = this.sessions.get(id);
      if (held && !s) {
        const session = new MailboxSession(id, this);
        this.sessions.set(id, session);
        void session.done.finally(() => {
          if (this.sessions.get(id) === session) this.sessions.delete(id);
        });
      } else if (!held && s) {
        this.sessions.delete(id);
        await s.stop();
      } else if (s) s.poke();
    }
  }

  /** Stores every message past the cursor, one transaction each; returns 'lease-lost' when fenced off. */
  async catchUp(
    integrationId: string,
    settings: MailboxSettings,
    client: ImapFlow,
    stopped: () => boolean,
  ): Promise<RoundResult> {
    const own = [bareAddress(settings.smtp.from), bareAddress(settings.imap.user)].filter(
      (a): a is string => a !== null,
    );
    const box = client.mailbox;
    if (!box) throw new Error('no mailbox is open');
    const uidValidity = Number(box.uidValidity);
    let cursor = await this.inbox.cursor(integrationId);
    let since: Date | null = null;
    if (cursor.uidValidity !== uidValidity) {
      const first = cursor.uidValidity === null;
      const lastUid = first ? Math.max(0, Number(box.uidNext ?? 1) - 1) : 0;
      if (!(await this.inbox.resetCursor(integrationId, this.owner, uidValidity, lastUid)))
        return 'lease-lost';
      if (!first)
        this.logger.warn(
          `mailbox ${integrationId}: UIDVALIDITY changed; rescanning, duplicates skipped by Message-ID`,
        );
      since = first ? null : cursor.readingSince;
      cursor = { uidValidity, lastUid, readingSince: cursor.readingSince };
    }
    const found = await client.search(
      since ? { uid: `${cursor.lastUid + 1}:*`, since } : { uid: `${cursor.lastUid + 1}:*` },
      { uid: true },
    );
    // `n:*` also matches the highest UID when n is past it (RFC 3501 §6.4.8)
    const uids = (found || []).filter((u) => u > cursor.lastUid).sort((a, b) => a - b);
    for (const uid of uids) {
      if (stopped()) break;
      const meta = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!meta) continue; // expunged meanwhile
      let source: Buffer;
      if ((meta.size ?? 0) > this.config.email.maxMessageBytes) {
        const head = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
        const headers = head && head.headers ? head.headers : Buffer.alloc(0);
        source = Buffer.concat([
          headers,
          Buffer.from(
            `\r\n(письмо размером ${meta.size} байт больше предела ${this.config.email.maxMessageBytes}: ` +
              'сохранены только заголовки, откройте его в почтовом ящике)\r\n',
            'utf8',
          ),
        ]);
      } else {
        const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!full || !full.source) continue;
        source = full.source;
      }
      const mail = await parseEmail(source).catch((err: unknown): InboundEmail => {
        // an unparsable message is still a request someone sent: keep it, say so
        this.logger.warn(
          `mailbox ${integrationId}: UID ${uid} could not be parsed: ${(err as Error).message}`,
        );
        return {
          messageId: null,
          inReplyTo: [],
          references: [],
          fromAddress: null,
          fromName: null,
          recipients: [],
          subject: null,
          text: '(письмо не удалось разобрать: откройте его в почтовом ящике)',
          date: null,
          kind: 'personal',
          attachments: [],
        };
      });
      const message = toInboundMessage(
        integrationId,
        mail,
        source,
        own,
        { maxAttachments: this.config.email.maxAttachments, maxAttachmentBytes: MAX_ATTACHMENT_BYTES },
        new Date(),
      );
      const result = await this.inbox.store(integrationId, this.owner, uidValidity, uid, message);
      if (result === 'lease-lost') return 'lease-lost';
    }
    return 'ok';
  }
}
