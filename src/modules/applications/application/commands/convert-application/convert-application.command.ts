import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface ConvertApplicationResult {
  applicationId: string;
  orderId: string;
  clientId: string;
}

export interface ConvertApplicationOptions {
  /** ISO 4217 currency of the draft order; RUB by default. */
  currency?: string;
}

/**
 * Turns an application into a draft order in one transaction: the linked client (or one found by
 * the contact, or a new one created from the contact), then the order with the application's text
 * as its note, then the application marked converted with the order's id.
 */
export class ConvertApplicationCommand extends Command<ConvertApplicationResult> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
    readonly options: ConvertApplicationOptions = {},
  ) {
    super();
  }
}
