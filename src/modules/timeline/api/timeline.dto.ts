import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../../shared/pagination/page';

export class TimelineQueryDto extends PageQueryDto {}

export class TimelineEntryDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' }) ts!: string;
  @ApiProperty({ example: 'orders.service-added' }) kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Анна Смирнова',
    description: 'The actor’s name; null for the system or a removed user',
  })
  actorName!: string | null;
  @ApiProperty({ example: 'operator' }) actorRole!: string;
  @ApiProperty({
    example: 'Добавлена услуга: авиаперелёт Москва → Париж, 01.06.2027 10:00 → 01.06.2027 14:00 (Париж)',
  })
  summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
}
