import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsDate,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxDate,
  MaxLength,
  Min,
  MinDate,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOmittable, PG_INT_MAX } from '../../../shared/validation/omittable';
import { PageQueryDto } from '../../../shared/pagination/page';
import {
  APPLICATION_SOURCES,
  APPLICATION_STATUSES,
  type ApplicationSource,
  type ApplicationStatus,
  MAX_REASON,
  MAX_TEXT,
} from '../domain/application';
import { MAX_EMAIL, MAX_PERSON_NAME, MAX_PHONE_TEXT } from '../../../shared/domain/contact-limits';
import { MAX_CONSENT_FIELD } from '../../../shared/domain/normalisers';
import { MAX_CONTACT_TELEGRAM } from '../domain/contact';

/** Transport guards (no domain rule behind them): a number searched for, the web form's message, the honeypot field. */
const MAX_NUMBER_SEARCH = 40;
const MAX_WEB_MESSAGE = 5000;
const MAX_HONEYPOT = 2000;

// PostgreSQL rejects years JavaScript accepts (`+275760-…`): keep date filters to sane ones
const EARLIEST = new Date('1900-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');

export class ApplicationContactDto {
  @ApiPropertyOptional({ example: 'Иван Петров', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PERSON_NAME)
  name?: string | null;

  @ApiPropertyOptional({
    example: '8 (912) 345-67-89',
    nullable: true,
    type: String,
    description: 'As received',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PHONE_TEXT)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'ivan@example.ru', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EMAIL)
  email?: string | null;

  @ApiPropertyOptional({ example: '@ivan_petrov', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CONTACT_TELEGRAM)
  telegram?: string | null;
}

export class CreateApplicationDto {
  @ApiProperty({ enum: APPLICATION_SOURCES, example: 'manual' })
  @IsIn(APPLICATION_SOURCES)
  source!: ApplicationSource;

  @ApiPropertyOptional({ example: 'Хотим в Париж на неделю в июне', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  text?: string | null;

  @ApiPropertyOptional({ type: ApplicationContactDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicationContactDto)
  contact?: ApplicationContactDto | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: 'The raw request as received (stored encrypted)',
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A known client; without it the contact’s e-mail or phone links one automatically',
  })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The user working on it',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ example: 'Париж, 7 ночей, 2 взрослых', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  text?: string | null;

  @ApiPropertyOptional({ type: ApplicationContactDto, nullable: true, description: 'Replaces the contact' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicationContactDto)
  contact?: ApplicationContactDto | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({
    enum: APPLICATION_STATUSES,
    description:
      'new → in_progress | rejected; in_progress → new | rejected; rejected → in_progress. ' +
      '`converted` only through POST …/convert. Others answer 409 with the allowed ones',
  })
  @IsOmittable()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({
    example: null,
    nullable: true,
    type: String,
    description: 'Only with status `rejected`, e.g. «Не отвечает на звонки»',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  rejectionReason?: string | null;

  @ApiPropertyOptional({ example: 1, description: 'The version you read; or send If-Match' })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class ConvertApplicationDto {
  @ApiPropertyOptional({
    example: 'RUB',
    default: 'RUB',
    description: 'ISO 4217 currency of the draft order',
  })
  @IsOmittable()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code like RUB' })
  currency?: string;
}

export class ListApplicationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: APPLICATION_SOURCES })
  @IsOptional()
  @IsIn(APPLICATION_SOURCES)
  source?: ApplicationSource;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ example: 'З-2026-000123', description: 'Exactly this application number' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NUMBER_SEARCH)
  number?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST, { message: 'from must be after 1900-01-01' })
  @MaxDate(LATEST, { message: 'from must be before 10000-01-01' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before (ISO 8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST, { message: 'to must be after 1900-01-01' })
  @MaxDate(LATEST, { message: 'to must be before 10000-01-01' })
  to?: Date;
}

export class WebIntakeDto {
  @ApiProperty({ example: 'Иван Петров' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PERSON_NAME)
  name!: string;

  @ApiPropertyOptional({ example: '8 912 345-67-89', description: 'A phone or an e-mail is required' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_PHONE_TEXT)
  phone?: string;

  @ApiPropertyOptional({ example: 'ivan@example.ru' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_EMAIL)
  email?: string;

  @ApiProperty({ example: 'Хотим в Турцию в мае, двое взрослых и ребёнок' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_WEB_MESSAGE)
  message!: string;

  @ApiProperty({ example: true, description: 'Consent to personal-data processing; must be true' })
  @Equals(true, { message: 'consent to personal-data processing is required (true)' })
  consent!: boolean;

  @ApiPropertyOptional({ example: '2025-09', description: 'Version of the consent text the form showed' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_CONSENT_FIELD)
  consentTextVersion?: string;

  @ApiPropertyOptional({ example: '', description: 'Leave empty (hidden from people; bots fill it)' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_HONEYPOT)
  website?: string;
}

// ---- responses

export class ApplicationContactViewDto {
  @ApiProperty({ example: 'Иван Петров', nullable: true, type: String }) name!: string | null;
  @ApiProperty({ example: '8 (912) 345-67-89', nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ example: 'ivan@example.ru', nullable: true, type: String }) email!: string | null;
  @ApiProperty({ example: '@ivan_petrov', nullable: true, type: String }) telegram!: string | null;
}

export class ApplicationAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'scan.jpg' }) fileName!: string;
  @ApiProperty({ example: 'image/jpeg' }) contentType!: string;
  @ApiProperty({ example: 123456 }) size!: number;
}

export class ApplicationConsentDto {
  @ApiProperty({ example: '2026-11-22T10:00:00+03:00' }) givenAt!: string;
  @ApiProperty({ example: 'web' }) channel!: string;
  @ApiProperty({ example: '2025-09' }) textVersion!: string;
}

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'З-2026-000123',
    description: 'Unique and gap-free per year; shown to people instead of the id',
  })
  number!: string;
  @ApiProperty({ enum: APPLICATION_SOURCES }) source!: ApplicationSource;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ example: 'Хотим в Париж на неделю в июне', nullable: true, type: String }) text!:
    string | null;
  @ApiProperty({
    enum: ['full', 'masked'],
    description:
      'full: contact and payload as received (roles with clients.read-pii; audited as pii.read); ' +
      'masked: contact masked, payload empty',
  })
  access!: 'full' | 'masked';
  @ApiProperty({ type: ApplicationContactViewDto, description: 'As received (full) or masked (see access)' })
  contact!: ApplicationContactViewDto;
  @ApiProperty({ type: 'object', additionalProperties: true, example: {}, description: 'Empty when masked' })
  payload!: Record<string, unknown>;
  @ApiProperty({ type: [ApplicationAttachmentDto] }) attachments!: ApplicationAttachmentDto[];
  @ApiProperty({ type: ApplicationConsentDto, nullable: true }) consent!: ApplicationConsentDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) rejectionReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Set once converted' }) orderId!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
}

export class ApplicationListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'З-2026-000123',
    description: 'Unique and gap-free per year; shown to people instead of the id',
  })
  number!: string;
  @ApiProperty({ enum: APPLICATION_SOURCES }) source!: ApplicationSource;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'The first 200 characters' }) text!:
    string | null;
  @ApiProperty({
    type: ApplicationContactViewDto,
    description: 'Masked: the name as is, phone / e-mail / Telegram masked',
  })
  contact!: ApplicationContactViewDto;
  @ApiProperty({ example: 0 }) attachmentCount!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) orderId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class ConvertedApplicationDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The new draft order' }) orderId!: string;
  @ApiProperty({ format: 'uuid', description: 'The linked client (created from the contact if needed)' })
  clientId!: string;
}

export class WebIntakeAcceptedDto {
  @ApiProperty({ example: 'accepted', enum: ['accepted'] }) status!: 'accepted';
}

export class UploadApplicationAttachmentDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: '≤ 20 MiB; PDF, JPEG, PNG, GIF, WebP, TIFF, HEIC, AVIF, DOCX or XLSX (sniffed)',
  })
  file!: unknown;
}

export class ApplicationAttachmentLinkDto {
  @ApiProperty({ example: 'http://localhost:3000/api/v1/files/ft1.…' }) url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
