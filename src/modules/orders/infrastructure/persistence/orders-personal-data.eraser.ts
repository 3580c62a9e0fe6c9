import { Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
  scrubPattern,
} from '../../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { OrderPayerPseudonymized } from '../../domain/order.events';
import { orderSearchText } from './sql-order.repository';

/**
 * Orders are kept on destruction (contracts and accounting): the payer's name becomes the
 * pseudonym, and the person's values are replaced in notes, service details, booking references
 * and the timeline. Sums, services and statuses stay as they were.
 */
@Injectable()
@PersonalDataEraser({ name: 'orders', order: 30 })
export class OrdersPersonalDataEraser implements PersonalDataEraserPort {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
  ) {}

  async erasePersonalData(subject: ErasureSubject, actor: Actor): Promise<ErasureReport> {
    const orders =
      subject.clientId === null
        ? []
        : await this.uow.rows<{ id: string; number: string; version: number }>(
            `SELECT id, number, version FROM orders WHERE client_id = $1 ORDER BY id FOR UPDATE`,
            [subject.clientId],
          );
    for (const o of orders) {
      await this.uow.sql(
        `UPDATE orders SET payer_name = $2, search_text = $3, version = version + 1, updated_at = now(),
                updated_by = $4 WHERE id = $1`,
        [o.id, subject.pseudonym, orderSearchText(o.number, subject.pseudonym), actor.userId],
      );
      await this.outbox.append(
        [
          new OrderPayerPseudonymized(o.id, o.version + 1, {
            number: o.number,
            pseudonym: subject.pseudonym,
          }),
        ],
        actor,
      );
    }
    const pattern = subject.scrub === false ? null : scrubPattern(subject.values);
    let scrubbed = 0;
    if (pattern !== null) {
      const p = [pattern, subject.pseudonym];
      scrubbed += (
        await this.uow.sql(`UPDATE orders SET note = regexp_replace(note, $1, $2, 'gi') WHERE note ~* $1`, p)
      ).rowCount;
      scrubbed += (
        await this.uow.sql(
          `UPDATE order_services SET details = regexp_replace(details::text, $1, $2, 'gi')::jsonb,
                  booking_ref = regexp_replace(booking_ref, $1, $2, 'gi')
            WHERE details::text ~* $1 OR booking_ref ~* $1`,
          p,
        )
      ).rowCount;
      scrubbed += (
        await this.uow.sql(
          `UPDATE order_timeline SET payload = regexp_replace(payload::text, $1, $2, 'gi')::jsonb,
                  summary = regexp_replace(summary, $1, $2, 'gi')
            WHERE payload::text ~* $1 OR summary ~* $1`,
          p,
        )
      ).rowCount;
    }
    const kept =
      orders.length > 0
        ? [
            `заказы (${orders.length}) с услугами и суммами — договоры и бухгалтерский учёт ` +
              `(ст. 29 Федерального закона № 402-ФЗ); клиент обозначен псевдонимом «${subject.pseudonym}»`,
          ]
        : [];
    return {
      categories: [],
      kept,
      counts: { ordersPseudonymized: orders.length, orderRecordsScrubbed: scrubbed },
    };
  }
}
