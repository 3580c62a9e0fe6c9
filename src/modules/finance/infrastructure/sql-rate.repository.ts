import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { RateRepository, StoredRubRate } from '../domain/rate.repository.port';

/** {@link RateRepository} on PostgreSQL (`rates`), in the caller's transaction. */
@Injectable()
export class SqlRateRepository implements RateRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async latestOnOrBefore(currency: string, date: string): Promise<StoredRubRate | null> {
    const [r] = await this.uow.rows<StoredRubRate>(
      `SELECT rate::text AS rate, to_char(date, 'YYYY-MM-DD') AS date, source
         FROM rates WHERE currency = $1 AND date <= $2::date ORDER BY date DESC LIMIT 1`,
      [currency, date],
    );
    return r ?? null;
  }

  async lockRate(currency: string, date: string): Promise<string | null> {
    const [before] = await this.uow.rows<{ rate: string }>(
      `SELECT rate::text FROM rates WHERE currency = $1 AND date = $2 FOR UPDATE`,
      [currency, date],
    );
    return before?.rate ?? null;
  }

  async saveManual(currency: string, date: string, rate: string, by: string | null): Promise<void> {
    await this.uow.sql(
      `INSERT INTO rates (currency, date, rate, source, created_by) VALUES ($1, $2, $3, 'manual', $4)
       ON CONFLICT (currency, date) DO UPDATE SET rate = EXCLUDED.rate, source = 'manual',
         created_by = EXCLUDED.created_by, created_at = now()`,
      [currency, date, rate, by],
    );
  }

  async importCbr(
    date: string,
    rates: ReadonlyArray<{ currency: string; rate: string }>,
    by: string | null,
  ): Promise<string[]> {
    const written = await this.uow.rows<{ currency: string }>(
      `INSERT INTO rates (currency, date, rate, source, created_by)
       SELECT c, $1::date, r, 'cbr', $4 FROM unnest($2::text[], $3::numeric[]) AS x(c, r)
       ON CONFLICT (currency, date) DO UPDATE SET rate = EXCLUDED.rate, created_at = now()
         WHERE rates.source = 'cbr' AND rates.rate <> EXCLUDED.rate
       RETURNING currency`,
      [date, rates.map((r) => r.currency), rates.map((r) => r.rate), by],
    );
    return written.map((w) => w.currency.trim());
  }

  async manualOn(date: string, currencies: string[]): Promise<string[]> {
    const manual = await this.uow.rows<{ currency: string }>(
      `SELECT currency FROM rates WHERE date = $1 AND source = 'manual' AND currency = ANY($2) ORDER BY currency`,
      [date, currencies],
    );
    return manual.map((m) => m.currency.trim());
  }
}
