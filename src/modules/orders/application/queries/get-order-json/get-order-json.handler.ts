import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { orderDetailHead, orderListItemView } from '../../order.view';
import { CrossBorderConflicts } from '../../services/cross-border-conflicts';
import { StaffDirectory } from '../../services/staff-directory';
import { GetOrderJsonQuery, type OrderJson } from './get-order-json.query';
import { ORDER_JSON_READER, type OrderJsonReader } from './order-json.reader.port';

/**
 * The hot read of `GET /orders/{id}`: one statement, and the services — most of the body — come as
 * JSON bytes rendered by PostgreSQL and are spliced into the answer, so Node neither parses,
 * re-serialises nor transcodes them. The order's own fields (orderDetailHead), the manager's name and the conflicts
 * are built as in GetOrderHandler (the int-spec of the reader checks both give the same document).
 */
const CLOSE = Buffer.from('}');

@QueryHandler(GetOrderJsonQuery)
export class GetOrderJsonHandler implements IQueryHandler<GetOrderJsonQuery> {
  constructor(
    @Inject(ORDER_JSON_READER) private readonly reader: OrderJsonReader,
    private readonly crossBorder: CrossBorderConflicts,
    private readonly staff: StaffDirectory,
  ) {}

  async execute({ id }: GetOrderJsonQuery): Promise<OrderJson | null> {
    const row = await this.reader.read(id);
    if (!row) return null;
    const item = orderListItemView(row);
    item.managerName = await this.staff.nameOf(item.managerId);
    const conflicts = [...row.conflicts, ...(await this.crossBorder.of(row.abroad))];
    const head = JSON.stringify(orderDetailHead(item, row, conflicts));
    return {
      version: row.version,
      json: Buffer.concat([Buffer.from(`${head.slice(0, -1)},"services":`), row.servicesJson, CLOSE]),
    };
  }
}
