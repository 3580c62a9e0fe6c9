import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentActor, RequirePermission } from '../auth/decorators';
import { UnitOfWork } from '../database/unit-of-work';
import type { Actor } from '../domain/actor';
import { DomainError, NotFoundError } from '../domain/domain-error';
import { IdParam } from '../http/id-param';
import { PageDtoOf } from '../http/page-dto';
import { type Page, PageQueryDto, pageOf, pageWindow } from '../pagination/page';
import { OutboxRelay } from './outbox.relay';
import { ApiProblems } from '../http/api-problems';

class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'parked', 'delivered'], default: 'parked' })
  @IsOptional()
  @IsIn(['pending', 'parked', 'delivered'])
  status?: 'pending' | 'parked' | 'delivered';
}

class OutboxEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'orders.created' }) name!: string;
  @ApiProperty({ example: 'order' }) aggregateType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) aggregateId!: string | null;
  @ApiProperty({ enum: ['pending', 'parked', 'delivered'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: string;
}

class ReplayedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'pending' }) status!: string;
}

/** Admin view of the outbox: parked events (failed N times) can be inspected and replayed. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/outbox')
export class OutboxAdminController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly relay: OutboxRelay,
  ) {}

  @Get()
  @RequirePermission('outbox.manage')
  @ApiOperation({ operationId: 'listOutboxEvents', summary: 'Outbox events by status (parked by default)' })
  @ApiOkResponse({ type: PageDtoOf(OutboxEventDto) })
  async list(@Query() q: OutboxQueryDto): Promise<Page<OutboxEventDto>> {
    const w = pageWindow(q);
    const status = q.status ?? 'parked';
    const [{ n }] = await this.uow.rows<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE status = $1`, [
      status,
    ]);
    const items = await this.uow.rows<OutboxEventDto>(
      `SELECT id, name, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", status, attempts,
              last_error AS "lastError", occurred_at AS "occurredAt", next_attempt_at AS "nextAttemptAt"
         FROM outbox WHERE status = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3`,
      [status, w.limit, w.offset],
    );
    return pageOf(items, Number(n), w);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequirePermission('outbox.manage')
  @ApiProblems('OUTBOX.NOT_PARKED')
  @ApiOperation({ operationId: 'replayOutboxEvent', summary: 'Put a parked event back in the queue' })
  @ApiAcceptedResponse({ type: ReplayedDto })
  async replay(
    @IdParam() id: string,
    @CurrentActor() _actor: Actor,
  ): Promise<{ id: string; status: string }> {
    const r = await this.uow.sql(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
        WHERE id = $1 AND status = 'parked'`,
      [id],
    );
    if (r.rowCount === 0) {
      const [row] = await this.uow.rows(`SELECT 1 FROM outbox WHERE id = $1`, [id]);
      if (!row) throw new NotFoundError('outbox event', id);
      throw new DomainError('OUTBOX.NOT_PARKED', 'Only parked events can be replayed');
    }
    this.relay.deliverSoon([id]);
    return { id, status: 'pending' };
  }
}
