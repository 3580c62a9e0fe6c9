import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RateBook } from '../../services/rate-book';
import { GetRateQuery, type StoredRateView } from '../../../../orders/contracts/get-rate.query';

@QueryHandler(GetRateQuery)
export class GetRateHandler implements IQueryHandler<GetRateQuery> {
  constructor(private readonly rates: RateBook) {}

  execute({ from, to, date }: GetRateQuery): Promise<StoredRateView | null> {
    return this.rates.stored(from.toUpperCase(), to.toUpperCase(), date);
  }
}
