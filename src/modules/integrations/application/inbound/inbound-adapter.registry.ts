import { Injectable } from '@nestjs/common';
import type { InboundChannel, InboundChannelAdapter } from './inbound-message.port';

/** The channel adapters of this process: each registers itself once (see the port's doc comment). */
@Injectable()
export class InboundAdapterRegistry {
  private readonly adapters = new Map<InboundChannel, InboundChannelAdapter>();

  register(adapter: InboundChannelAdapter): void {
    this.adapters.set(adapter.channel, adapter);
  }

  get(channel: InboundChannel): InboundChannelAdapter | undefined {
    return this.adapters.get(channel);
  }
}
