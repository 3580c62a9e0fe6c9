import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';

/** Transport guard: an event name to filter by (`orders.service-confirmation-set`). */
const MAX_ACTION_NAME = 80;

export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who did it' })
  @IsOptional()
  @IsUUID()
  user?: string;

  @ApiPropertyOptional({
    example: 'order',
    description: 'user, client, application, order, service, document, template, payment, integration',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]{1,40}$/)
  entity?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ example: 'orders.created' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ACTION_NAME)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From (inclusive), ISO 8601 with offset' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'To (exclusive), ISO 8601 with offset' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ enum: ['seq', '-seq'], default: '-seq' })
  @IsOptional()
  @IsIn(['seq', '-seq'])
  sort?: 'seq' | '-seq';
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 42, description: 'Position in the hash chain' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) ts!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ example: 'operator' }) role!: string;
  @ApiProperty({ example: 'orders.created' }) action!: string;
  @ApiProperty({ example: 'order' }) entity!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entityId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { status: { from: 'draft', to: 'confirmed' } },
  })
  diff!: unknown;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) hash!: string;
}

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ example: 1234 }) checked!: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The first entry that does not verify' })
  brokenAt?: string;
  @ApiPropertyOptional({ example: 'contents were altered' }) reason?: string;
}
