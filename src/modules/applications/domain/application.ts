import { type Consent, normaliseConsent, optionalText } from '../../../shared/domain/normalisers';
import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { diffOf } from '../../../shared/domain/domain-event';
import { type FieldError, ValidationError } from '../../../shared/domain/domain-error';
import {
  ApplicationClientRelinked,
  ApplicationConverted,
  ApplicationCreated,
  ApplicationStatusChanged,
  ApplicationUpdated,
} from './application.events';
import { type Contact, type ContactInput, EMPTY_CONTACT, maskContact, normaliseContact } from './contact';
import type { AttachmentRef } from './application-attachments';
import { ApplicationAlreadyConvertedError, ApplicationTransitionError } from './application-errors';

export * from './application-attachments';
export * from './application-errors';

export const APPLICATION_SOURCES = ['telegram', 'whatsapp', 'email', 'web', 'manual'] as const;
export type ApplicationSource = (typeof APPLICATION_SOURCES)[number];

export const APPLICATION_STATUSES = ['new', 'in_progress', 'converted', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Status changes a PATCH may make. `converted` is reached only through the convert command
 * (it needs an order), so it is listed as a target of nothing here; a rejected application may
 * be reopened.
 */
export const STATUS_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  new: ['in_progress', 'rejected'],
  in_progress: ['new', 'rejected'],
  converted: [],
  rejected: ['in_progress'],
};

/** Statuses from which the convert command may run. */
export const CONVERTIBLE_STATUSES: readonly ApplicationStatus[] = ['new', 'in_progress'];

export type { Consent };

import {
  type ApplicationChanges,
  type ApplicationInput,
  type ApplicationProps,
  type ChangeContext,
  MASKED_KEYS,
  type MaskedApplication,
  MAX_ATTACHMENTS,
  MAX_REASON,
  MAX_TEXT,
  normalisePayload,
} from './application-input';
export * from './application-input';

/**
 * A request that arrived from a channel (Telegram, WhatsApp, e-mail, the web form) or was typed
 * in by staff. Its contact and raw payload are personal data (sealed by the repository); it may be
 * linked to a known client, is worked on by an assignee and ends converted into an order or
 * rejected with a reason.
 */
export class Application extends AggregateRoot {
  private constructor(
    id: string,
    version: number,
    private props: ApplicationProps,
  ) {
    super(id, version);
  }

  static create(
    id: string,
    input: ApplicationInput,
    ctx: ChangeContext,
    number: string | null = null,
  ): Application {
    const errors: FieldError[] = [];
    if (!(APPLICATION_SOURCES as readonly string[]).includes(input.source)) {
      errors.push({ field: 'source', message: `source must be one of ${APPLICATION_SOURCES.join(', ')}` });
    }
    const props: ApplicationProps = {
      number,
      source: input.source,
      status: 'new',
      text: optionalText(input.text, 'text', MAX_TEXT, errors),
      payload: normalisePayload(input.payload, errors),
      contact: normaliseContact(input.contact, errors),
      attachments: (input.attachments ?? []).slice(0, MAX_ATTACHMENTS).map((a) => ({ ...a })),
      consent: normaliseConsent(input.consent, errors),
      clientId: input.clientId ?? null,
      assigneeId: input.assigneeId ?? null,
      rejectionReason: null,
      orderId: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.by,
      updatedBy: ctx.by,
    };
    if (props.text === null && JSON.stringify(props.contact) === JSON.stringify(EMPTY_CONTACT)) {
      errors.push({ field: 'text', message: 'an application needs a text or a contact' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const app = new Application(id, 0, props);
    const empty = Object.fromEntries(MASKED_KEYS.map((k) => [k, null])) as unknown as MaskedApplication;
    const diff = diffOf(empty, app.maskedSnapshot(), MASKED_KEYS);
    if (number !== null) diff.number = { from: null, to: number };
    app.record(
      new ApplicationCreated(id, 1, { source: props.source, clientId: props.clientId, number, diff }),
    );
    return app;
  }

  static reconstitute(id: string, version: number, props: ApplicationProps): Application {
    return new Application(id, version, props);
  }

  get status(): ApplicationStatus {
    return this.props.status;
  }
  get number(): string | null {
    return this.props.number;
  }
  get clientId(): string | null {
    return this.props.clientId;
  }
  get assigneeId(): string | null {
    return this.props.assigneeId;
  }
  get orderId(): string | null {
    return this.props.orderId;
  }
  get contact(): Contact {
    return { ...this.props.contact };
  }
  get text(): string | null {
    return this.props.text;
  }
  get consent(): Consent | null {
    return this.props.consent;
  }
  snapshot(): Readonly<ApplicationProps> {
    return {
      ...this.props,
      contact: { ...this.props.contact },
      attachments: this.props.attachments.map((a) => ({ ...a })),
    };
  }

  /** What the audit log may see: contact masked, the text and the payload by size only. */
  maskedSnapshot(): MaskedApplication {
    const p = this.props;
    const payloadKeys = Object.keys(p.payload);
    return {
      source: p.source,
      status: p.status,
      text: p.text === null ? null : `[${p.text.length} characters]`,
      payload: payloadKeys.length === 0 ? null : `[${JSON.stringify(p.payload).length} characters]`,
      contact: maskContact(p.contact, { keepName: false }),
      attachments: p.attachments.map((a) => `${a.contentType}, ${a.size} bytes`),
      consent: p.consent,
      clientId: p.clientId,
      assigneeId: p.assigneeId,
      rejectionReason: p.rejectionReason === null ? null : `[${p.rejectionReason.length} characters]`,
      orderId: p.orderId,
    };
  }

  /**
   * Applies a partial change. Field edits record `applications.updated`; a status change records
   * `applications.status-changed` (rejecting needs a reason; the transition table decides).
   */
  update(changes: ApplicationChanges, ctx: ChangeContext): void {
    const errors: FieldError[] = [];
    const next: ApplicationProps = { ...this.props };
    if (changes.text !== undefined) next.text = optionalText(changes.text, 'text', MAX_TEXT, errors);
    if (changes.contact !== undefined) next.contact = normaliseContact(changes.contact, errors);
    if (changes.clientId !== undefined) next.clientId = changes.clientId;
    if (changes.assigneeId !== undefined) next.assigneeId = changes.assigneeId;
    const reason =
      changes.rejectionReason === undefined
        ? undefined
        : optionalText(changes.rejectionReason, 'rejectionReason', MAX_REASON, errors);
    const target = changes.status;
    if (target !== undefined && !(APPLICATION_STATUSES as readonly string[]).includes(target)) {
      errors.push({ field: 'status', message: `status must be one of ${APPLICATION_STATUSES.join(', ')}` });
    }
    const statusChanges = target !== undefined && target !== this.props.status;
    if (statusChanges && target === 'rejected' && !reason) {
      errors.push({
        field: 'rejectionReason',
        message: 'rejectionReason is required to reject an application',
      });
    }
    if (!statusChanges && reason !== undefined && this.props.status !== 'rejected' && reason !== null) {
      errors.push({ field: 'rejectionReason', message: 'rejectionReason is set only when rejecting' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    if (statusChanges) {
      const allowed = STATUS_TRANSITIONS[this.props.status];
      if (!allowed.includes(target))
        throw new ApplicationTransitionError(this.id, this.props.status, target, allowed);
    }
    this.assertEditable();

    const before = this.maskedSnapshot();
    const beforeRaw = JSON.stringify(this.comparable(this.props));
    const fieldsChanged = JSON.stringify(this.comparable(next)) !== beforeRaw;
    if (fieldsChanged) {
      const candidate = new Application(this.id, this.version, next);
      const diff = diffOf(before, candidate.maskedSnapshot(), MASKED_KEYS);
      if (JSON.stringify(this.props.contact) !== JSON.stringify(next.contact) && !('contact' in diff)) {
        diff.contact = { from: before.contact, to: candidate.maskedSnapshot().contact };
      }
      if (this.props.text !== next.text && !('text' in diff))
        diff.text = { from: before.text, to: candidate.maskedSnapshot().text };
      this.props = { ...next, updatedAt: ctx.now, updatedBy: ctx.by };
      this.record(new ApplicationUpdated(this.id, this.nextVersion, { diff }));
    }
    if (statusChanges) {
      const from = this.props.status;
      const beforeStatus = this.maskedSnapshot();
      this.props = {
        ...this.props,
        status: target,
        rejectionReason: target === 'rejected' ? (reason ?? null) : null,
        updatedAt: ctx.now,
        updatedBy: ctx.by,
      };
      const diff = diffOf(beforeStatus, this.maskedSnapshot(), ['status', 'rejectionReason']);
      this.record(
        new ApplicationStatusChanged(this.id, this.nextVersion, {
          from,
          to: target,
          diff,
        }),
      );
    } else if (
      reason !== undefined &&
      this.props.status === 'rejected' &&
      reason !== null &&
      reason !== this.props.rejectionReason
    ) {
      // spelled out: two reasons of one length mask alike, and the change must still show
      const from = this.maskedSnapshot().rejectionReason;
      this.props = { ...this.props, rejectionReason: reason, updatedAt: ctx.now, updatedBy: ctx.by };
      this.record(
        new ApplicationUpdated(this.id, this.nextVersion, {
          diff: { rejectionReason: { from, to: this.maskedSnapshot().rejectionReason } },
        }),
      );
    }
  }

  /** Throws unless a file may be attached: not once converted, not beyond the attachment limit. */
  assertCanAttach(): void {
    this.assertEditable();
    if (this.props.attachments.length >= MAX_ATTACHMENTS) {
      throw ValidationError.field('file', `an application may carry at most ${MAX_ATTACHMENTS} attachments`);
    }
  }

  /** Records a stored file as an attachment (`applications.updated`, the file by type and size only). */
  attach(ref: AttachmentRef, ctx: ChangeContext): void {
    this.assertCanAttach();
    const before = this.maskedSnapshot().attachments;
    this.props = {
      ...this.props,
      attachments: [...this.props.attachments, { ...ref }],
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    this.record(
      new ApplicationUpdated(this.id, this.nextVersion, {
        diff: { attachments: { from: before, to: this.maskedSnapshot().attachments } },
      }),
    );
  }

  attachment(id: string): AttachmentRef | null {
    const a = this.props.attachments.find((x) => x.id === id);
    return a ? { ...a } : null;
  }

  /** Throws unless the convert command may run: converting twice or a rejected application → 409. */
  assertConvertible(): void {
    if (this.props.status === 'converted')
      throw new ApplicationAlreadyConvertedError(this.id, this.props.orderId);
    if (!CONVERTIBLE_STATUSES.includes(this.props.status)) {
      throw new ApplicationTransitionError(this.id, this.props.status, 'converted', []);
    }
  }

  /** Marks the application converted into `orderId` for `clientId` (links it to that client). */
  markConverted(orderId: string, clientId: string, clientCreated: boolean, ctx: ChangeContext): void {
    this.assertConvertible();
    const before = this.maskedSnapshot();
    this.props = {
      ...this.props,
      status: 'converted',
      orderId,
      clientId,
      rejectionReason: null,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    const diff = diffOf(before, this.maskedSnapshot(), ['status', 'orderId', 'clientId']);
    this.record(
      new ApplicationConverted(this.id, this.nextVersion, { orderId, clientId, clientCreated, diff }),
    );
  }

  /**
   * A further message of the same conversation (a chat bot): its text is appended and contact
   * parts not yet known are filled in (files go through `attach`). Returns false, changing
   * nothing, when the application is no longer open (converted or rejected): the caller starts a
   * new one.
   */
  appendMessage(
    message: { text?: string | null; contact?: ContactInput | null },
    ctx: ChangeContext,
  ): boolean {
    if (this.props.status !== 'new' && this.props.status !== 'in_progress') return false;
    const errors: FieldError[] = [];
    const incoming = optionalText(message.text, 'text', MAX_TEXT, errors);
    const contact = normaliseContact(message.contact, errors);
    if (errors.length > 0) throw new ValidationError(errors);
    const joined =
      incoming === null
        ? this.props.text
        : this.props.text === null
          ? incoming
          : `${this.props.text}\n\n${incoming}`;
    const next: ApplicationProps = {
      ...this.props,
      text: joined === null ? null : joined.slice(0, MAX_TEXT),
      contact: {
        name: this.props.contact.name ?? contact.name,
        phone: this.props.contact.phone ?? contact.phone,
        email: this.props.contact.email ?? contact.email,
        telegram: this.props.contact.telegram ?? contact.telegram,
      },
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    const before = this.maskedSnapshot();
    const candidate = new Application(this.id, this.version, next);
    const diff = diffOf(before, candidate.maskedSnapshot(), MASKED_KEYS);
    if (this.props.text !== next.text && !('text' in diff))
      diff.text = { from: before.text, to: candidate.maskedSnapshot().text };
    if (Object.keys(diff).length === 0) return true;
    this.props = next;
    this.record(new ApplicationUpdated(this.id, this.nextVersion, { diff }));
    return true;
  }

  /** The linked client was merged into `toClientId` (any status: the link follows the client). */
  relinkClient(fromClientId: string, toClientId: string, ctx: ChangeContext): void {
    if (this.props.clientId !== fromClientId || fromClientId === toClientId) return;
    this.props = { ...this.props, clientId: toClientId, updatedAt: ctx.now, updatedBy: ctx.by };
    this.record(
      new ApplicationClientRelinked(this.id, this.nextVersion, {
        fromClientId,
        toClientId,
        diff: { clientId: { from: fromClientId, to: toClientId } },
      }),
    );
  }

  private comparable(p: ApplicationProps): unknown {
    return { text: p.text, contact: p.contact, clientId: p.clientId, assigneeId: p.assigneeId };
  }

  private assertEditable(): void {
    if (this.props.status === 'converted')
      throw new ApplicationAlreadyConvertedError(this.id, this.props.orderId);
  }
}

/** The application number people say aloud: `З-<year>-<six digits>` (Cyrillic «З» for «заявка»). */
export function formatApplicationNumber(year: number, seq: number): string {
  return `З-${year}-${String(seq).padStart(6, '0')}`;
}
