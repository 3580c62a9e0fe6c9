import { Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
  scrubPattern,
} from '../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../shared/database/unit-of-work';

/**
 * On destruction, audit diffs that hold the person's values (names are kept unmasked in diffs) get
 * those values replaced by the pseudonym and are marked redacted. Entries of hash scheme 2 keep
 * their diff digest, so the chain still verifies; scheme-1 entries (before the privacy migration)
 * cannot be redacted without breaking it and are counted instead.
 */
@Injectable()
@PersonalDataEraser({ name: 'audit', order: 900 })
export class AuditPersonalDataEraser implements PersonalDataEraserPort {
  constructor(private readonly uow: UnitOfWork) {}

  async erasePersonalData(subject: ErasureSubject): Promise<ErasureReport> {
    const pattern = subject.scrub === false ? null : scrubPattern(subject.values);
    if (pattern === null) return { categories: [], kept: [], counts: { auditRedacted: 0 } };
    const r = await this.uow.sql(
      `UPDATE audit_log SET diff = regexp_replace(diff::text, $1, $2, 'gi')::jsonb,
              redacted_at = coalesce(redacted_at, now())
        WHERE hash_version = 2 AND diff::text ~* $1`,
      [pattern, subject.pseudonym],
    );
    const [legacy] = await this.uow.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE hash_version = 1 AND diff::text ~* $1`,
      [pattern],
    );
    return {
      categories: [],
      kept:
        legacy.n > 0 ? [`записи журнала событий до 2026 г. (${legacy.n}), защищённые цепочкой хешей`] : [],
      counts: { auditRedacted: r.rowCount, auditUnredactable: legacy.n },
    };
  }
}
