import { Injectable } from '@nestjs/common';

/** In-process nudges to the inbound workers after a commit (their pollers cover anything missed). */
@Injectable()
export class InboundSignals {
  private readonly listeners = { messages: new Set<() => void>(), attachments: new Set<() => void>() };

  onMessages(cb: () => void): void {
    this.listeners.messages.add(cb);
  }
  onAttachments(cb: () => void): void {
    this.listeners.attachments.add(cb);
  }
  messagesStored(): void {
    for (const cb of this.listeners.messages) cb();
  }
  attachmentsQueued(): void {
    for (const cb of this.listeners.attachments) cb();
  }
}
