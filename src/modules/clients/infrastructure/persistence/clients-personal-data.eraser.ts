import { Inject, Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
} from '../../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import { NotFoundError } from '../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../shared/storage/object-storage.port';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../domain/client.repository.port';

const CATEGORY: Record<string, string> = {
  fullName: 'фамилия, имя, отчество',
  latinName: 'имя латиницей',
  birthDate: 'дата рождения',
  passports: 'паспортные данные',
  phones: 'номера телефонов',
  emails: 'адреса электронной почты',
  telegram: 'имя пользователя Telegram',
  whatsapp: 'номер WhatsApp',
  notes: 'заметки о клиенте',
  consent: 'сведения о согласии в карточке клиента',
};

/**
 * The client card on destruction: personal fields emptied (the sealed column is rewritten with no
 * data, blind-index rows removed by the repository), the name replaced by the pseudonym, the names
 * of merged-away duplicates likewise, every attached file deleted from storage and its row removed.
 */
@Injectable()
@PersonalDataEraser({ name: 'clients', order: 10 })
export class ClientsPersonalDataEraser implements PersonalDataEraserPort {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly outbox: OutboxWriter,
  ) {}

  async erasePersonalData(subject: ErasureSubject, actor: Actor): Promise<ErasureReport> {
    if (subject.clientId === null) return { categories: [], kept: [], counts: {} };
    const client = await this.clients.findByIdForUpdate(subject.clientId);
    if (!client) throw new NotFoundError('client', subject.clientId);
    const s = client.snapshot();
    const values = subject.values;
    const add = (v: string | null | undefined) => {
      if (v) values.add(v);
    };
    add(s.fullName);
    add(s.latinName);
    add(s.birthDate);
    add(s.telegram);
    add(s.whatsapp);
    s.emails.forEach(add);
    for (const p of s.phones) {
      add(p);
      add(p.replace(/^\+/, ''));
    }
    for (const p of s.passports) {
      add(p.number);
      add(`${p.series}${p.number}`);
      add(`${p.series} ${p.number}`);
      add(p.issuedBy);
    }
    const tombstones = await this.uow.rows<{ full_name: string; latin_name: string | null }>(
      `SELECT full_name, latin_name FROM clients WHERE merged_into = $1 FOR UPDATE`,
      [subject.clientId],
    );
    for (const t of tombstones) {
      add(t.full_name);
      add(t.latin_name);
    }

    const erased = client.erase(subject.pseudonym, { by: actor.userId, now: new Date() });
    await this.clients.update(client);
    await this.uow.sql(
      `UPDATE clients SET full_name = $2, latin_name = NULL, search_name = lower($2), pii = NULL, key_id = NULL,
              consent = NULL
        WHERE merged_into = $1`,
      [subject.clientId, subject.pseudonym],
    );
    await this.uow.sql(`DELETE FROM client_identifiers WHERE client_id = $1`, [subject.clientId]);
    await this.outbox.append(client.pullEvents(), actor);

    const files = await this.uow.rows<{ object_key: string }>(
      `DELETE FROM client_files WHERE client_id = $1 OR client_id IN (SELECT id FROM clients WHERE merged_into = $1)
       RETURNING object_key`,
      [subject.clientId],
    );
    for (const f of files) await this.storage.delete(f.object_key);

    const categories = erased.map((k) => CATEGORY[k] ?? k);
    if (files.length > 0) categories.push(`сканы и файлы клиента (${files.length})`);
    return { categories, kept: [], counts: { clientFiles: files.length } };
  }
}
