import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

/** The public web form as posted. */
export interface WebIntakeForm {
  name: string;
  phone?: string | null;
  email?: string | null;
  message: string;
  /** The consent checkbox: must be true. */
  consent: boolean;
  /** Version of the consent text shown by the form; the configured one when absent. */
  consentTextVersion?: string | null;
  /** Honeypot: hidden from people; a filled one marks a bot. */
  website?: string | null;
}

export interface WebIntakeResult {
  /** False when the honeypot was filled: nothing was stored. */
  stored: boolean;
  applicationId: string | null;
}

/** Accepts the public web form: a `web` application through CreateApplicationCommand, or nothing for a bot. */
export class SubmitWebIntakeCommand extends Command<WebIntakeResult> {
  constructor(
    readonly form: WebIntakeForm,
    readonly actor: Actor,
    /** Where it came from, kept (encrypted) in the raw payload. */
    readonly meta: { ip: string | null; userAgent: string | null },
  ) {
    super();
  }
}
