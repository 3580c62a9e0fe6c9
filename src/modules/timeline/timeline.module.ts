import { Module } from '@nestjs/common';
import { TimelineController } from './api/timeline.controller';
import { OrderTimelineProjection } from './application/events/order-timeline.projection';
import { GetOrderTimelineHandler } from './application/queries/get-order-timeline/get-order-timeline.handler';
import { TIMELINE_STORE } from './application/ports/timeline-store.port';
import { SqlTimelineStore } from './infrastructure/sql-timeline.store';
import { TimelineRebuildOnStart } from './infrastructure/timeline-rebuild-on-start';

/**
 * The order timeline, a read-side module: it subscribes to the orders, finance and documents
 * contracts and owns `order_timeline`, which it rebuilds after start when its rendering's version
 * is newer than the stored one. Nothing depends on it.
 */
@Module({
  controllers: [TimelineController],
  providers: [
    { provide: TIMELINE_STORE, useClass: SqlTimelineStore },
    OrderTimelineProjection,
    GetOrderTimelineHandler,
    TimelineRebuildOnStart,
  ],
})
export class TimelineModule {}
