import { Injectable } from '@nestjs/common';
import { InboundAdapterRegistry } from '../inbound/inbound-adapter.registry';
import type {
  InboundChannelAdapter,
  InboundOutcome,
  StoredInboundMessage,
} from '../inbound/inbound-message.port';
import { TelegramUpdateProcessor } from './telegram-update-processor';

/**
 * The Telegram adapter of the inbound port: webhook and getUpdates deliveries are stored as
 * inbound messages (provider id = update_id, the update itself in `raw`), and processed here with
 * the bots' own dialogue (/start, consent buttons, staff links).
 */
@Injectable()
export class TelegramInbound implements InboundChannelAdapter {
  readonly channel = 'telegram';
  readonly applicationSource = 'telegram' as const;

  constructor(
    registry: InboundAdapterRegistry,
    private readonly processor: TelegramUpdateProcessor,
  ) {
    registry.register(this);
  }

  process(m: StoredInboundMessage): Promise<InboundOutcome> {
    return this.processor.process(
      m.integrationId,
      (m.raw ?? {}) as Record<string, unknown>,
      `telegram:${m.integrationId}:${m.providerMessageId}`,
    );
  }
}
