import { Command } from '@nestjs/cqrs';
import type { InboundMessage } from '../../inbound/inbound-message.port';

/**
 * Stores one incoming message of any channel through the inbound port (sealed, once per
 * (integration, provider message id)); joins the caller's transaction when there is one, so a
 * poller can advance its cursor atomically with it. `stored: false` for a redelivery.
 */
export class ReceiveInboundMessageCommand extends Command<{ stored: boolean; id: string | null }> {
  constructor(readonly message: InboundMessage) {
    super();
  }
}
