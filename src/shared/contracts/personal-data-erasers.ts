import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Actor } from '../domain/actor';

export const PERSONAL_DATA_ERASER = 'crm:personalDataEraser';

/**
 * The person whose data is being destroyed (152-FZ), passed from eraser to eraser: each adds what
 * it found, so a later one can use it (the Telegram eraser finds chats by the applications the
 * applications eraser erased; the platform scrub replaces every collected value in audit diffs,
 * outbox payloads and idempotency replays). `values` are plain personal data — never logged,
 * never put in an event.
 */
export interface ErasureSubject {
  destructionId: string;
  /** Null when only applications are destroyed (retention of never-converted applications). */
  clientId: string | null;
  /** `Клиент №17`: what stays where the law keeps the record (orders, payments, final documents). */
  pseudonym: string;
  /** Plain values (names, phones, e-mails, passport numbers, handles) to scrub wherever they remain. */
  values: Set<string>;
  applicationIds: string[];
  /** Other ids that identify the person in some channel (`telegram:<integration>:<chat>`). */
  channelRefs: string[];
  /**
   * Replace `values` in shared records (audit diffs, outbox payloads, idempotent replies). False for
   * bulk retention of applications, whose events never carry contacts in the clear.
   */
  scrub?: boolean;
}

export interface ErasureReport {
  /** Categories of data destroyed, in Russian, as the act names them. */
  categories: string[];
  /** What is kept (and why), in Russian, for the act. */
  kept: string[];
  /** Counts for the response, e.g. `{ files: 2 }`. */
  counts: Record<string, number>;
}

/**
 * A module holding personal data of clients (clients, applications, orders, each messaging channel)
 * marks one provider with this decorator; the privacy module's destruction runs every eraser, by
 * `order`, inside its own transaction. Adding a channel is adding one eraser.
 */
export const PersonalDataEraser = (options: { name: string; order: number }): ClassDecorator =>
  SetMetadata(PERSONAL_DATA_ERASER, options);

export interface PersonalDataEraserPort {
  erasePersonalData(subject: ErasureSubject, actor: Actor): Promise<ErasureReport>;
}

@Injectable()
export class PersonalDataErasers {
  constructor(private readonly discovery: DiscoveryService) {}

  /** Runs every registered eraser in `order`; call inside the destruction's unit of work. */
  async eraseAll(subject: ErasureSubject, actor: Actor): Promise<Record<string, ErasureReport>> {
    const out: Record<string, ErasureReport> = {};
    for (const { name, eraser } of this.erasers()) out[name] = await eraser.erasePersonalData(subject, actor);
    return out;
  }

  names(): string[] {
    return this.erasers().map((e) => e.name);
  }

  private erasers(): Array<{ name: string; order: number; eraser: PersonalDataEraserPort }> {
    return this.discovery
      .getProviders()
      .flatMap((w) => {
        if (!w.metatype || !w.instance) return [];
        const options = Reflect.getMetadata(PERSONAL_DATA_ERASER, w.metatype) as
          { name: string; order: number } | undefined;
        return options ? [{ ...options, eraser: w.instance as PersonalDataEraserPort }] : [];
      })
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  }
}

/** A POSIX regular expression matching any of `values` (case-insensitive use: `~*`, flags `gi`). */
export function scrubPattern(values: Iterable<string>): string | null {
  const parts = [...new Set([...values].map((v) => v.trim()).filter((v) => v.length >= 3))]
    // longer first, so "Иванов Иван" is replaced whole before "Иванов"
    .sort((a, b) => b.length - a.length)
    .map((v) =>
      JSON.stringify(v)
        .slice(1, -1)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return parts.length === 0 ? null : parts.join('|');
}
