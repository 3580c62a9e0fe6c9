import { Inject, Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
} from '../../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../shared/storage/object-storage.port';
import { ApplicationPersonalDataErased } from '../../domain/application.events';
import type { AttachmentRef } from '../../domain/application';
import { EMPTY_CONTACT } from '../../domain/contact';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';

/**
 * The applications of the person (linked to the client, or named by the subject) on destruction:
 * the sealed contact and raw payload are rewritten empty, the text and consent cleared, the
 * attachments deleted from storage. The Telegram chat a payload names is passed on as a channel ref.
 */
@Injectable()
@PersonalDataEraser({ name: 'applications', order: 20 })
export class ApplicationsPersonalDataEraser implements PersonalDataEraserPort {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ApplicationPiiCodec,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly outbox: OutboxWriter,
  ) {}

  async erasePersonalData(subject: ErasureSubject, actor: Actor): Promise<ErasureReport> {
    const rows = await this.uow.rows<{
      id: string;
      pii: string;
      text: string | null;
      attachments: AttachmentRef[];
      version: number;
    }>(
      `SELECT id, pii, text, attachments, version FROM applications
        WHERE client_id = $1 OR id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [subject.clientId, subject.applicationIds],
    );
    let attachments = 0;
    for (const r of rows) {
      const data = this.codec.open(r.id, r.pii);
      for (const v of [data.contact.name, data.contact.phone, data.contact.email, data.contact.telegram]) {
        if (v) subject.values.add(v);
      }
      const tg = (data.payload as { telegram?: { integrationId?: unknown; chatId?: unknown } }).telegram;
      if (tg && typeof tg.integrationId === 'string' && typeof tg.chatId === 'number') {
        subject.channelRefs.push(`telegram:${tg.integrationId}:${tg.chatId}`);
      }
      for (const a of r.attachments) {
        await this.storage.delete(a.key);
        attachments += 1;
      }
      const sealed = this.codec.seal(r.id, { contact: { ...EMPTY_CONTACT }, payload: {} });
      await this.uow.sql(
        `UPDATE applications SET pii = $2, key_id = $3, text = NULL, attachments = '[]', consent = NULL,
                rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE '—' END,
                version = version + 1, updated_at = now(), updated_by = $4, erased_at = now()
          WHERE id = $1`,
        [r.id, sealed.pii, sealed.keyId, actor.userId],
      );
      if (!subject.applicationIds.includes(r.id)) subject.applicationIds.push(r.id);
      await this.outbox.append(
        [new ApplicationPersonalDataErased(r.id, r.version + 1, { attachments: r.attachments.length })],
        actor,
      );
    }
    const categories: string[] = [];
    if (rows.length > 0)
      categories.push(`заявки: контакты, текст обращений, исходные сообщения (${rows.length})`);
    if (attachments > 0) categories.push(`вложения заявок (${attachments})`);
    return {
      categories,
      kept: [],
      counts: { applications: rows.length, applicationAttachments: attachments },
    };
  }
}
