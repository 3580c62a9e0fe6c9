import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../../shared/validation/omittable';
import { PageQueryDto } from '../../../shared/pagination/page';
import {
  INTEGRATION_PURPOSES,
  INTEGRATION_TYPES,
  type IntegrationPurpose,
  type IntegrationType,
} from '../domain/integration';

export class AddIntegrationDto {
  @ApiProperty({ enum: INTEGRATION_TYPES, example: 'telegram' })
  @IsIn(INTEGRATION_TYPES)
  type!: IntegrationType;

  @ApiProperty({ enum: INTEGRATION_PURPOSES, example: 'sales' })
  @IsIn(INTEGRATION_PURPOSES)
  purpose!: IntegrationPurpose;

  @ApiProperty({ example: 'agency_sales_bot' })
  @IsString()
  @MinLength(3)
  @MaxLength(65)
  botName!: string;

  @ApiProperty({ example: '123456789:AAE…', description: 'The bot token from @BotFather; never returned' })
  @IsString()
  @MaxLength(200)
  apiToken!: string;

  @ApiPropertyOptional({ description: 'Must equal ADMIN_PASSWORD (403 otherwise)', format: 'password' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  adminPassword?: string;
}

export class ActivateIntegrationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: true, description: 'true starts the bot, false stops it' })
  @IsBoolean()
  active!: boolean;
}

export class ListIntegrationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INTEGRATION_PURPOSES })
  @IsOptional()
  @IsIn(INTEGRATION_PURPOSES)
  purpose?: IntegrationPurpose;
}

export class IntegrationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: INTEGRATION_TYPES }) type!: IntegrationType;
  @ApiProperty({ enum: INTEGRATION_PURPOSES }) purpose!: IntegrationPurpose;
  @ApiProperty({ example: 'agency_sales_bot' }) botName!: string;
  @ApiProperty({ example: '3fa9', description: "Last 4 hex characters of the token's SHA-256" })
  tokenFingerprint!: string;
  @ApiProperty({ example: false }) isActive!: boolean;
  @ApiProperty({ example: 'https://crm.example.ru/api/v1/integrations/telegram/…/webhook' })
  webhookUrl!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastConnectedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class TelegramLinkCodeDto {
  @ApiProperty({ example: 'K7M2Q9XPLA', description: 'Send `/start <code>` to the bot; works once' })
  code!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: [String], example: ['agency_staff_bot'] }) botNames!: string[];
}

export class SupplierLinkDto {
  @ApiProperty({ example: 'Аэрофлот', description: 'The supplier as written on services' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  supplier!: string;
}

export class WebhookAckDto {
  @ApiProperty({ example: true }) ok!: boolean;
}

export class ReplaceIntegrationTokenDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: '123456789:AAE…', description: 'The new bot token; never returned' })
  @IsString()
  @MaxLength(200)
  apiToken!: string;

  @ApiPropertyOptional({ description: 'Must equal ADMIN_PASSWORD (403 otherwise)', format: 'password' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  adminPassword?: string;
}
