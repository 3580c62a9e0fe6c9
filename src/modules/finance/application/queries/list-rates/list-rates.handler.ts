import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import type { RateView } from '../../commands/record-rate/record-rate.command';
import { ListRatesQuery } from './list-rates.query';

@QueryHandler(ListRatesQuery)
export class ListRatesHandler implements IQueryHandler<ListRatesQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ filters: f, window: w }: ListRatesQuery): Promise<Page<RateView>> {
    const params: unknown[] = [f.currency?.toUpperCase() ?? null, f.from ?? null, f.to ?? null];
    const where = `WHERE ($1::text IS NULL OR currency = $1) AND ($2::date IS NULL OR date >= $2)
                     AND ($3::date IS NULL OR date <= $3)`;
    const [{ total }] = await this.uow.rows<{ total: number }>(
      `SELECT count(*)::int AS total FROM rates ${where}`,
      params,
    );
    const rows = await this.uow.rows<RateView>(
      `SELECT trim(currency) AS currency, to_char(date, 'YYYY-MM-DD') AS date,
              rtrim(rtrim(rate::text, '0'), '.') AS rate, source
         FROM rates ${where} ORDER BY date DESC, currency LIMIT ${w.limit} OFFSET ${w.offset}`,
      params,
    );
    return pageOf(rows, total, w);
  }
}
