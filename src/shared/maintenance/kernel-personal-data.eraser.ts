import { Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
  scrubPattern,
} from '../contracts/personal-data-erasers';
import { UnitOfWork } from '../database/unit-of-work';

/**
 * The kernel's own tables on destruction: outbox payloads have the person's values replaced
 * (events already delivered keep their shape), and stored idempotent replies that hold them are
 * dropped (a retry of that request then runs again instead of replaying personal data). Runs last.
 */
@Injectable()
@PersonalDataEraser({ name: 'kernel', order: 1000 })
export class KernelPersonalDataEraser implements PersonalDataEraserPort {
  constructor(private readonly uow: UnitOfWork) {}

  async erasePersonalData(subject: ErasureSubject): Promise<ErasureReport> {
    const pattern = subject.scrub === false ? null : scrubPattern(subject.values);
    if (pattern === null) return { categories: [], kept: [], counts: {} };
    const outbox = await this.uow.sql(
      `UPDATE outbox SET payload = regexp_replace(payload::text, $1, $2, 'gi')::jsonb WHERE payload::text ~* $1`,
      [pattern, subject.pseudonym],
    );
    const replies = await this.uow.sql(`DELETE FROM idempotency_keys WHERE response_body::text ~* $1`, [
      pattern,
    ]);
    return {
      categories: [],
      kept: [],
      counts: { outboxEvents: outbox.rowCount, idempotentReplies: replies.rowCount },
    };
  }
}
