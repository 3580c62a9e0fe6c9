import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import type { EnvelopeOf } from '../../../../shared/domain/event-contract';
import {
  APPLICATION_EVENTS,
  type ApplicationEventPayloads,
} from '../../../applications/contracts/applications.events';
import { CLIENT_EVENTS, type ClientEventPayloads } from '../../../clients/contracts/clients.events';
import {
  CHANNEL_CONSENT_EVENTS,
  type ChannelConsentEventPayloads,
} from '../../contracts/channel-consent.events';
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

/** What feeds the register, typed by the publishers' contracts. */
type IntakeEvent = EnvelopeOf<
  Pick<ClientEventPayloads, 'clients.created' | 'clients.updated'> &
    Pick<
      ApplicationEventPayloads,
      | 'applications.created'
      | 'applications.updated'
      | 'applications.converted'
      | 'applications.client-relinked'
    > &
    Pick<
      ChannelConsentEventPayloads,
      'integrations.telegram-consent-given' | 'integrations.telegram-consent-withdrawn'
    >
>;

/**
 * The register is fed by the modules where consent is given: a client card with a consent
 * (manual entry, import), an application from the web form or a bot (the form request id or the
 * chat is the evidence), the sales bot's consent button; the bot's /stop withdraws.
 */
@Injectable()
@DomainEventHandler({
  name: 'privacy-consent-intake',
  events: [
    CLIENT_EVENTS.created,
    CLIENT_EVENTS.updated,
    APPLICATION_EVENTS.created,
    APPLICATION_EVENTS.updated,
    APPLICATION_EVENTS.converted,
    APPLICATION_EVENTS.clientRelinked,
    CHANNEL_CONSENT_EVENTS.telegramConsentGiven,
    CHANNEL_CONSENT_EVENTS.telegramConsentWithdrawn,
  ],
})
export class ConsentIntakeSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly commands: CommandBus,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async handle(event: DomainEventEnvelope<object>): Promise<void> {
    const e = event as IntakeEvent;
    const evidence = { eventId: e.eventId, event: e.name, requestId: e.correlationId };
    if ((e.name === CLIENT_EVENTS.created || e.name === CLIENT_EVENTS.updated) && e.aggregateId) {
      const c = consentFrom(e.payload.diff);
      if (c)
        await this.record(
          { subjectKind: 'client', subjectId: e.aggregateId, clientId: e.aggregateId },
          c,
          evidence,
          e,
        );
      return;
    }
    if (e.name === APPLICATION_EVENTS.created && e.aggregateId) {
      const c = consentFrom(e.payload.diff);
      const clientId = typeof e.payload.clientId === 'string' ? e.payload.clientId : null;
      if (c)
        await this.record({ subjectKind: 'application', subjectId: e.aggregateId, clientId }, c, evidence, e);
      return;
    }
    if (
      (e.name === APPLICATION_EVENTS.updated ||
        e.name === APPLICATION_EVENTS.converted ||
        e.name === APPLICATION_EVENTS.clientRelinked) &&
      e.aggregateId
    ) {
      const to = (e.payload.diff as { clientId?: { to?: unknown } } | undefined)?.clientId?.to;
      if (to !== undefined)
        await this.store.linkApplicationConsents(e.aggregateId, typeof to === 'string' ? to : null);
      return;
    }
    if (e.name === CHANNEL_CONSENT_EVENTS.telegramConsentGiven) {
      const p = e.payload;
      const chat = `${p.integrationId}:${p.chatId}`;
      await this.record(
        { subjectKind: 'telegram_chat', subjectId: chat, clientId: null },
        { givenAt: p.givenAt, channel: 'telegram', textVersion: p.textVersion },
        { ...evidence, chat },
        e,
      );
      return;
    }
    if (e.name === CHANNEL_CONSENT_EVENTS.telegramConsentWithdrawn) {
      const p = e.payload;
      const chat = `${p.integrationId}:${p.chatId}`;
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
    e: DomainEventEnvelope<object>,
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
