import { Injectable } from '@nestjs/common';

/** In-process nudges from the write path to the workers (the pollers cover anything missed). */
@Injectable()
export class TelegramSignals {
  private readonly listeners = { updates: new Set<() => void>(), messages: new Set<() => void>() };

  onUpdates(cb: () => void): void {
    this.listeners.updates.add(cb);
  }
  onMessages(cb: () => void): void {
    this.listeners.messages.add(cb);
  }
  updatesArrived(): void {
    for (const cb of this.listeners.updates) cb();
  }
  messagesQueued(): void {
    for (const cb of this.listeners.messages) cb();
  }
}
