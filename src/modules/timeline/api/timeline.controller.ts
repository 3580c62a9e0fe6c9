import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../shared/auth/decorators';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import {
  GetOrderTimelineQuery,
  type TimelineEntryView,
} from '../application/queries/get-order-timeline/get-order-timeline.query';
import { TimelineEntryDto, TimelineQueryDto } from './timeline.dto';

/** `GET /orders/{id}/timeline`, served by the timeline module (same URL and shape as before). */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  @RequirePermission('orders.read')
  @ApiOperation({
    operationId: 'getOrderTimeline',
    summary: 'What happened to the order, oldest first, with actors (by name) and Russian summaries',
  })
  @ApiOkResponse({ type: PageDtoOf(TimelineEntryDto) })
  async timeline(@IdParam() id: string, @Query() q: TimelineQueryDto): Promise<Page<TimelineEntryView>> {
    const page = await this.queries.execute(new GetOrderTimelineQuery(id, pageWindow(q)));
    if (!page) throw new NotFoundError('order', id);
    return page;
  }
}
