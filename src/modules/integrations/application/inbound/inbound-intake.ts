import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import type { Actor } from '../../../../shared/domain/actor';
import { AppendToApplicationCommand } from '../../../applications/application/commands/append-to-application/append-to-application.command';
import { CreateApplicationCommand } from '../../../applications/application/commands/create-application/create-application.command';
import {
  type ConversationView,
  DEFAULT_CONVERSATION_WINDOW_MS,
  type InboundChannelAdapter,
  type InboundOutcome,
  type IntakeResult,
  type StoredInboundMessage,
} from './inbound-message.port';
import { InboundMessageStore } from '../ports/inbound-message.store.port';

const CHANNEL_RU: Record<string, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', email: 'e-mail' };

/** The actor of the changes the intake makes: the system, correlated to the stored message. */
export const inboundActor = (m: { channel: string; id: string }): Actor => ({
  userId: null,
  role: 'system',
  correlationId: `inbound:${m.channel}:${m.id}`,
});

/**
 * Turns a stored inbound message into an application (runs in the worker's claiming
 * transaction): consent answers and holds, threading, create or append, references, attachment
 * jobs and the adapter's acknowledgement. See the port's doc comment for the order of lookups.
 */
@Injectable()
export class InboundIntake {
  constructor(
    private readonly store: InboundMessageStore,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(m: StoredInboundMessage, adapter: InboundChannelAdapter): Promise<InboundOutcome> {
    const receivedAt = new Date(m.receivedAt);
    const at = Number.isNaN(receivedAt.getTime()) ? new Date() : receivedAt;
    const conv =
      m.threadKey === null ? null : await this.store.conversation(m.integrationId, m.channel, m.threadKey);
    if (m.action?.type === 'consent') {
      if (m.threadKey === null) return { kind: 'ignored' };
      if (m.action.given) {
        await this.store.recordConsent(
          m.integrationId,
          m.threadKey,
          this.config.intake.consentTextVersion,
          at,
        );
        await this.store.releaseHeld(m.integrationId, m.threadKey);
      } else {
        await this.store.destroyHeld(m.integrationId, m.threadKey);
      }
      await adapter.consentAnswered?.(m, m.action.given);
      return { kind: 'done' };
    }
    if (m.action?.type === 'start') {
      if (adapter.requiresConsent && conv && conv.consentGivenAt === null) await adapter.askConsent?.(m);
      return { kind: 'done' };
    }
    if (adapter.accepts && !adapter.accepts(m)) return { kind: 'ignored' };
    if (adapter.requiresConsent && m.threadKey !== null && conv && conv.consentGivenAt === null) {
      await this.store.touchCustomer(m.integrationId, m.threadKey, at);
      if (await this.store.markConsentAsked(m.integrationId, m.threadKey)) await adapter.askConsent?.(m);
      return { kind: 'held', threadKey: m.threadKey };
    }
    const result = await this.toApplication(m, adapter, conv, at);
    const view: ConversationView = conv ?? {
      applicationId: null,
      lastMessageAt: null,
      lastCustomerMessageAt: null,
      consentGivenAt: null,
      consentTextVersion: null,
    };
    if (m.threadKey !== null) {
      await this.store.setConversation(
        m.integrationId,
        m.threadKey,
        result.applicationId,
        result.clientId,
        at,
      );
      await this.store.touchCustomer(m.integrationId, m.threadKey, at);
    }
    await this.store.addReference(m.integrationId, m.providerMessageId, result.applicationId);
    await this.store.queueAttachments(m.id, m.attachments.length, result.applicationId);
    await adapter.acknowledge?.(m, result, view);
    return { kind: 'done', applicationId: result.applicationId, clientId: result.clientId };
  }

  /** The application the message belongs to (adapter, references, open thread), or a new one. */
  private async toApplication(
    m: StoredInboundMessage,
    adapter: InboundChannelAdapter,
    conv: ConversationView | null,
    at: Date,
  ): Promise<IntakeResult & { clientId: string | null }> {
    const actor = inboundActor(m);
    const contact = m.contact
      ? {
          name: m.contact.name ?? null,
          phone: m.contact.phone ?? null,
          email: m.contact.email ?? null,
          telegram: m.contact.telegram ?? null,
        }
      : null;
    const candidates: string[] = [];
    const resolved = (await adapter.resolveThread?.(m)) ?? null;
    if (resolved) candidates.push(resolved);
    const refs = [m.replyTo, ...(m.references ?? [])].filter((r): r is string => typeof r === 'string');
    const byRef = await this.store.findByReferences(m.integrationId, refs);
    if (byRef) candidates.push(byRef);
    const windowMs = adapter.conversationWindowMs ?? DEFAULT_CONVERSATION_WINDOW_MS;
    if (
      conv?.applicationId &&
      conv.lastMessageAt &&
      windowMs > 0 &&
      at.getTime() - conv.lastMessageAt.getTime() < windowMs
    ) {
      candidates.push(conv.applicationId);
    }
    for (const id of candidates) {
      const r = await this.commands.execute(
        new AppendToApplicationCommand(id, { text: m.text, contact }, actor),
      );
      if (r.appended)
        return { applicationId: id, applicationNumber: r.number, created: false, clientId: r.clientId };
    }
    const channelName = CHANNEL_RU[m.channel] ?? m.channel;
    const firstFile = m.attachments[0]?.fileName ?? null;
    const text =
      m.text && m.text.trim() !== ''
        ? m.text
        : m.attachments.length > 0
          ? `Файл из ${channelName}${firstFile ? `: ${firstFile}` : ''}`
          : contact
            ? null
            : `Сообщение из ${channelName}`;
    const created = await this.commands.execute(
      new CreateApplicationCommand(
        {
          source: adapter.applicationSource ?? (m.channel as 'telegram' | 'whatsapp' | 'email'),
          text,
          contact,
          payload: {
            [m.channel]: { integrationId: m.integrationId, messageId: m.providerMessageId, sender: m.sender },
          },
          consent: conv?.consentGivenAt
            ? {
                givenAt: conv.consentGivenAt.toISOString(),
                channel: m.channel,
                textVersion: conv.consentTextVersion ?? this.config.intake.consentTextVersion,
              }
            : null,
        },
        actor,
      ),
    );
    return {
      applicationId: created.id,
      applicationNumber: created.number,
      created: true,
      clientId: created.clientId,
    };
  }
}
