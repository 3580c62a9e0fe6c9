import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../../../shared/validation/omittable';
import { PageQueryDto } from '../../../shared/pagination/page';
import {
  INTEGRATION_PURPOSES,
  INTEGRATION_TYPES,
  type IntegrationPurpose,
  type IntegrationType,
  MAX_APP_SECRET,
  MAX_GRAPH_TOKEN,
  MAX_INTEGRATION_NAME,
  MAX_TEMPLATE_NAME,
} from '../domain/integration';
import {
  MAX_MAILBOX_FOLDER,
  MAX_MAILBOX_FROM,
  MAX_MAILBOX_SECRET,
  MAX_MAILBOX_USER,
  MAX_PORT,
} from '../email/domain/mailbox-settings';

/**
 * Transport guards: the domain checks these by pattern (host, token, language) or by comparison
 * (the admin password, the supplier's name).
 */
const MAX_HOST_NAME = 253;
const MAX_BOT_TOKEN_TEXT = 200;
const MAX_LANGUAGE_TAG = 10;
const MAX_ADMIN_PASSWORD = 500;
const MAX_SUPPLIER_NAME = 200;

export class ImapSettingsDto {
  @ApiProperty({ example: 'imap.yandex.ru' })
  @IsString()
  @MaxLength(MAX_HOST_NAME)
  host!: string;

  @ApiProperty({ example: 993 })
  @IsInt()
  @Min(1)
  @Max(MAX_PORT)
  port!: number;

  @ApiProperty({ example: true, description: 'TLS from the first byte (993); false: plain or STARTTLS' })
  @IsBoolean()
  secure!: boolean;

  @ApiProperty({ example: 'zayavki@agency.ru' })
  @IsString()
  @MaxLength(MAX_MAILBOX_USER)
  user!: string;

  @ApiProperty({ format: 'password', description: 'An app password; sealed, never returned' })
  @IsString()
  @MaxLength(MAX_MAILBOX_SECRET)
  password!: string;

  @ApiPropertyOptional({ example: 'INBOX', description: 'INBOX when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MAILBOX_FOLDER)
  mailbox?: string;
}

export class SmtpSettingsDto {
  @ApiProperty({ example: 'smtp.yandex.ru' })
  @IsString()
  @MaxLength(MAX_HOST_NAME)
  host!: string;

  @ApiProperty({ example: 465 })
  @IsInt()
  @Min(1)
  @Max(MAX_PORT)
  port!: number;

  @ApiProperty({ example: true, description: 'TLS from the first byte (465); false: STARTTLS on 587' })
  @IsBoolean()
  secure!: boolean;

  @ApiProperty({ example: 'zayavki@agency.ru' })
  @IsString()
  @MaxLength(MAX_MAILBOX_USER)
  user!: string;

  @ApiProperty({ format: 'password', description: 'An app password; sealed, never returned' })
  @IsString()
  @MaxLength(MAX_MAILBOX_SECRET)
  password!: string;

  @ApiProperty({ example: 'Агентство <zayavki@agency.ru>' })
  @IsString()
  @MaxLength(MAX_MAILBOX_FROM)
  from!: string;
}

export class AddIntegrationDto {
  @ApiProperty({ enum: INTEGRATION_TYPES, example: 'telegram' })
  @IsIn(INTEGRATION_TYPES)
  type!: IntegrationType;

  @ApiProperty({ enum: INTEGRATION_PURPOSES, example: 'sales' })
  @IsIn(INTEGRATION_PURPOSES)
  purpose!: IntegrationPurpose;

  @ApiProperty({
    example: 'agency_sales_bot',
    description:
      'Telegram: the bot username. WhatsApp: a display name of the number (1–100 characters). ' +
      'E-mail: the mailbox, e.g. zayavki@agency.ru (1–200 characters)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_INTEGRATION_NAME)
  botName!: string;

  @ApiPropertyOptional({
    example: '123456789:AAE…',
    description: 'Telegram (required): the bot token from @BotFather; never returned',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'telegram')
  @IsString()
  @MaxLength(MAX_BOT_TOKEN_TEXT)
  apiToken?: string;

  @ApiPropertyOptional({
    example: '106540352242922',
    description: 'WhatsApp (required): the phone number id; sealed',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'whatsapp')
  @IsString()
  @Matches(/^\d{5,30}$/, { message: 'phoneNumberId must be the digits Meta shows for the number' })
  phoneNumberId?: string;

  @ApiPropertyOptional({
    example: 'EAAG…',
    description: 'WhatsApp (required): a permanent (system user) access token; sealed, never returned',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'whatsapp')
  @IsString()
  @MaxLength(MAX_GRAPH_TOKEN)
  accessToken?: string;

  @ApiPropertyOptional({
    description: 'WhatsApp (required): the Meta app secret that signs webhooks; sealed, never returned',
    format: 'password',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'whatsapp')
  @IsString()
  @MaxLength(MAX_APP_SECRET)
  appSecret?: string;

  @ApiPropertyOptional({
    description: 'WhatsApp (required): the verify token you also enter in Meta’s webhook settings; sealed',
    format: 'password',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'whatsapp')
  @IsString()
  @MaxLength(MAX_APP_SECRET)
  verifyToken?: string;

  @ApiPropertyOptional({
    example: 'application_received',
    description: 'WhatsApp: the approved template sent instead of free text outside the 24-hour window',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_NAME)
  templateName?: string;

  @ApiPropertyOptional({ example: 'ru', description: 'WhatsApp: the template’s language code (default ru)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LANGUAGE_TAG)
  templateLanguage?: string;

  @ApiPropertyOptional({ type: () => ImapSettingsDto, description: 'type email: where requests are read' })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'email')
  @ValidateNested()
  @Type(() => ImapSettingsDto)
  imap?: ImapSettingsDto;

  @ApiPropertyOptional({
    type: () => SmtpSettingsDto,
    description: 'type email: how acknowledgements are sent',
  })
  @ValidateIf((o: AddIntegrationDto) => o.type === 'email')
  @ValidateNested()
  @Type(() => SmtpSettingsDto)
  smtp?: SmtpSettingsDto;

  @ApiPropertyOptional({ description: 'Must equal ADMIN_PASSWORD (403 otherwise)', format: 'password' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_ADMIN_PASSWORD)
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
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://crm.example.ru/api/v1/integrations/telegram/…/webhook',
    description:
      'Where the provider delivers (Telegram: set on activation; WhatsApp: the Callback URL for Meta); ' +
      'null for an e-mail integration (the mailbox is read over IMAP)',
  })
  webhookUrl!: string | null;
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
  @MaxLength(MAX_SUPPLIER_NAME)
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
  @MaxLength(MAX_BOT_TOKEN_TEXT)
  apiToken!: string;

  @ApiPropertyOptional({ description: 'Must equal ADMIN_PASSWORD (403 otherwise)', format: 'password' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_ADMIN_PASSWORD)
  adminPassword?: string;
}
