import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Actor } from '../domain/actor';

export const CLIENT_REFERENCE_MOVER = 'crm:clientReferenceMover';

/**
 * A module that keeps rows pointing at clients (orders: payer and travellers; applications:
 * linked client) marks one provider with this decorator. When two clients are merged, the merge
 * command calls every mover inside its own transaction, so the duplicate's rows move to the
 * survivor atomically with the tombstone — no window where an order points at a tombstone.
 */
export const ClientReferenceMover = (options: { name: string }): ClassDecorator =>
  SetMetadata(CLIENT_REFERENCE_MOVER, options);

export interface ClientReferenceMoverPort {
  /**
   * Re-points this module's rows from `fromClientId` to `toClientId` in the current unit of work
   * (and records its own domain events through the outbox). Returns how many rows moved.
   */
  moveClientReferences(fromClientId: string, toClientId: string, actor: Actor): Promise<number>;
}

export interface MovedReferences {
  /** Mover name → rows moved. */
  [mover: string]: number;
}

@Injectable()
export class ClientReferenceMovers {
  constructor(private readonly discovery: DiscoveryService) {}

  /** Runs every registered mover in turn; call inside the merge command's unit of work. */
  async moveAll(fromClientId: string, toClientId: string, actor: Actor): Promise<MovedReferences> {
    const moved: MovedReferences = {};
    for (const { name, mover } of this.movers()) {
      moved[name] = await mover.moveClientReferences(fromClientId, toClientId, actor);
    }
    return moved;
  }

  private movers(): Array<{ name: string; mover: ClientReferenceMoverPort }> {
    return this.discovery
      .getProviders()
      .flatMap((w) => {
        if (!w.metatype || !w.instance) return [];
        const options = Reflect.getMetadata(CLIENT_REFERENCE_MOVER, w.metatype) as
          { name: string } | undefined;
        return options ? [{ name: options.name, mover: w.instance as ClientReferenceMoverPort }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
