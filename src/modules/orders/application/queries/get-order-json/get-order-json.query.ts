import { Query } from '@nestjs/cqrs';

/** The JSON of `GET /orders/{id}` (the same document as GetOrderQuery's `OrderView`), UTF-8, and its version. */
export interface OrderJson {
  version: number;
  json: Buffer;
}

/** One live order as the response body, ready to send; null when absent or deleted. */
export class GetOrderJsonQuery extends Query<OrderJson | null> {
  constructor(readonly id: string) {
    super();
  }
}
