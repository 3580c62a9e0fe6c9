import { Query } from '@nestjs/cqrs';

/** The JSON text of `GET /orders/{id}` (the same document as GetOrderQuery's `OrderView`) and its version. */
export interface OrderJson {
  version: number;
  json: string;
}

/** One live order as the response body, ready to send; null when absent or deleted. */
export class GetOrderJsonQuery extends Query<OrderJson | null> {
  constructor(readonly id: string) {
    super();
  }
}
