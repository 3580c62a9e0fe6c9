import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { RecordConsentCommand } from '../commands/record-consent/record-consent.command';
import { WithdrawConsentCommand } from '../commands/withdraw-consent/withdraw-consent.command';
import { type ConsentInput, PRIVACY_STORE, type PrivacyStore } from '../ports/privacy-store.port';

interface ConsentShape {
  givenAt?: unknown;
  channel?: unknown;
  textVersion?: unknown;
}

function consentFrom(diff: unknown): ConsentShape | null {
  const to = (diff as { consent?: { to?: unknown } } | undefined)?.consent?.to;
  return to && typeof to === 'object' ? (to as ConsentShape) : null;
}

/**
 * The register is fed by the modules where consent is given: a client card with a consent
 * (manual entry, import), an application from the web form or a bot (the form request id or the
 * chat is the evidence), the sales bot's consent button; the bot's /stop withdraws.
 */
@Injectable()
@DomainEventHandler({
  name: 'privacy-consent-intake',
  events: [
    'clients.created',
    'clients.updated',
    'applications.created',
    'applications.updated',
    'applications.converted',
    'applications.client-relinked',
    'integrations.telegram-consent-given',
    'integrations.telegram-consent-withdrawn',
  ],
})
export class ConsentIntakeSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly commands: CommandBus,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async handle(e: DomainEventEnvelope): Promise<void> {
    const p = e.payload as Record<string, unknown>;
    const evidence = { eventId: e.eventId, event: e.name, requestId: e.correlationId };
    if ((e.name === 'clients.created' || e.name === 'clients.updated') && e.aggregateId) {
      const c = consentFrom(p.diff);
      if (c)
        await this.record(
          { subjectKind: 'client', subjectId: e.aggregateId, clientId: e.aggregateId },
          c,
          evidence,
          e,
        );
      return;
    }
    if (e.name === 'applications.created' && e.aggregateId) {
      const c = consentFrom(p.diff);
      const clientId = typeof p.clientId === 'string' ? p.clientId : null;
      if (c)
        await this.record({ subjectKind: 'application', subjectId: e.aggregateId, clientId }, c, evidence, e);
      return;
    }
    if (e.name.startsWith('applications.') && e.aggregateId) {
      const to = (p.diff as { clientId?: { to?: unknown } } | undefined)?.clientId?.to;
      if (to !== undefined)
        await this.store.linkApplicationConsents(e.aggregateId, typeof to === 'string' ? to : null);
      return;
    }
    const chat = `${String(p.integrationId)}:${String(p.chatId)}`;
    if (e.name === 'integrations.telegram-consent-given') {
      await this.record(
        { subjectKind: 'telegram_chat', subjectId: chat, clientId: null },
        { givenAt: p.givenAt, channel: 'telegram', textVersion: p.textVersion },
        { ...evidence, chat },
        e,
      );
      return;
    }
    if (e.name === 'integrations.telegram-consent-withdrawn') {
      const open = [
        ...(await this.store.consents({ subjectKind: 'telegram_chat', subjectId: chat })),
        ...(typeof p.applicationId === 'string'
          ? await this.store.consents({ subjectKind: 'application', subjectId: p.applicationId })
          : []),
      ].filter((c) => c.withdrawnAt === null);
      for (const c of open)
        await this.commands.execute(new WithdrawConsentCommand(c.id, 'telegram', e.actor));
    }
  }

  private async record(
    subject: Pick<ConsentInput, 'subjectKind' | 'subjectId' | 'clientId'>,
    c: ConsentShape,
    evidence: Record<string, unknown>,
    e: DomainEventEnvelope,
  ): Promise<void> {
    if (typeof c.givenAt !== 'string' || typeof c.channel !== 'string' || typeof c.textVersion !== 'string')
      return;
    await this.commands.execute(
      new RecordConsentCommand(
        {
          ...subject,
          purpose: 'intake',
          textVersion: c.textVersion,
          channel: c.channel,
          givenAt: c.givenAt,
          evidence,
        },
        e.actor,
      ),
    );
  }
}
