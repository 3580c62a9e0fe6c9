import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { DomainError } from '../../../shared/domain/domain-error';
import type { CbrDailySource } from '../application/ports/cbr-daily-source.port';

/** GETs `CBR_DAILY_URL?date_req=DD/MM/YYYY` (the CBR's own query format). */
@Injectable()
export class HttpCbrDailySource implements CbrDailySource {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async fetch(date?: string): Promise<Buffer> {
    const url = new URL(this.config.finance.cbrDailyUrl);
    if (date) url.searchParams.set('date_req', date.split('-').reverse().join('/'));
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new DomainError(
        'COMMON.UNAVAILABLE',
        `CBR rates could not be fetched: ${(err as Error).message}`,
      );
    }
    if (!res.ok) throw new DomainError('COMMON.UNAVAILABLE', `CBR rates answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
}
