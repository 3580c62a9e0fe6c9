import { LEGAL_FORMS, type LegalForm } from '../domain/contract-wording';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOmittable, PG_INT_MAX } from '../../../shared/validation/omittable';
import {
  DOCUMENT_TYPES,
  type DocumentType,
  type StoredDocumentType,
  TEMPLATE_TYPES,
  type TemplateType,
} from '../domain/document-data';

/** Limits the documents module keeps at its edge (its domain has no text limits of its own yet). */
const MAX_ASSET_BASE64 = 700_000;
const MAX_COMMENT = 500;
const MAX_LEGAL_NAME = 300;
const MAX_SHORT_NAME = 150;
const MAX_KPP = 9;
const MAX_AGENCY_ADDRESS = 500;
const MAX_AGENCY_PHONE = 50;
const MAX_AGENCY_EMAIL = 200;
const MAX_BANK_NAME = 300;
const MAX_SIGNATORY_NAME = 200;
const MAX_SIGNATORY_POSITION = 200;
const MAX_VAT_NOTE = 200;
const MAX_SIGNATORY_NAME_GENITIVE = 200;
const MAX_SIGNATORY_POSITION_GENITIVE = 200;
const MAX_SIGNATORY_BASIS = 300;

export class TemplateTypeParamDto {
  @ApiProperty({
    enum: TEMPLATE_TYPES,
    example: 'invoice',
    description:
      'An order document type, or agent_report (отчёт агента, rendered by GET /reports/agent?format=pdf)',
  })
  @IsIn(TEMPLATE_TYPES)
  type!: TemplateType;
}

export class TemplateVersionParamDto extends TemplateTypeParamDto {
  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version!: number;
}

/** A 1×1 PNG: the example asset (a real image, so the example request succeeds). */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export class TemplateAssetDto {
  @ApiProperty({ enum: ['image/png', 'image/jpeg'], example: 'image/png' })
  @IsIn(['image/png', 'image/jpeg'])
  contentType!: string;

  @ApiProperty({ description: 'The image, base64 (up to 512 KiB)', example: TINY_PNG })
  @IsString()
  @MaxLength(MAX_ASSET_BASE64)
  data!: string;
}

export class AddTemplateVersionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'A pdfmake document definition with {{placeholders}}, {"$each": …} loops and {"$if": …} (see README, Documents)',
    example: { content: ['Счёт № {{document.number}} для {{client.fullName}}'] },
  })
  @IsObject()
  content!: Record<string, unknown>;

  @ApiProperty({ example: 'Новые банковские реквизиты' })
  @IsString()
  @MaxLength(MAX_COMMENT)
  comment!: string;

  @ApiPropertyOptional({ example: true, description: 'Make it the active version at once (default true)' })
  @IsOmittable()
  @IsBoolean()
  activate?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/TemplateAssetDto' },
    description: 'Images the template names as "asset:<name>" in its `images`',
    example: { logo: { contentType: 'image/png', data: TINY_PNG } },
  })
  @IsOmittable()
  @IsObject()
  assets?: Record<string, TemplateAssetDto>;
}

export class TemplateVersionDto {
  @ApiProperty({ enum: TEMPLATE_TYPES, example: 'invoice' }) type!: TemplateType;
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ example: 'Новые банковские реквизиты' }) comment!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ type: [String], example: ['logo'] }) assets!: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T10:00:00.000Z' }) activatedAt!:
    string | null;
}

export class TemplateVersionDetailDto extends TemplateVersionDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) content!: Record<string, unknown>;
}

const DIGITS = (n: string) => new RegExp(`^\\d{${n}}$`);

export class AgencySettingsInputDto {
  @ApiProperty({ example: 'Общество с ограниченной ответственностью «Пример Тур»' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LEGAL_NAME)
  legalName!: string;

  @ApiProperty({ example: 'ООО «Пример Тур»' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SHORT_NAME)
  shortName!: string;

  @ApiProperty({ example: '7707083893', description: '10 digits (organisation) or 12 (sole proprietor)' })
  @IsString()
  @Matches(/^(\d{10}|\d{12})$/, { message: 'inn must be 10 or 12 digits' })
  inn!: string;

  @ApiProperty({ example: '770701001', description: '9 characters; empty for a sole proprietor' })
  @IsString()
  @MaxLength(MAX_KPP)
  kpp!: string;

  @ApiProperty({ example: '1027700132195' })
  @IsString()
  @Matches(/^(\d{13}|\d{15})$/, { message: 'ogrn must be 13 or 15 digits' })
  ogrn!: string;

  @ApiProperty({ example: '101000, г. Москва, ул. Мясницкая, д. 1, офис 10' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_AGENCY_ADDRESS)
  address!: string;

  @ApiProperty({ example: '+7 495 123-45-67' })
  @IsString()
  @MaxLength(MAX_AGENCY_PHONE)
  phone!: string;

  @ApiProperty({ example: 'info@example-agency.ru' })
  @IsString()
  @MaxLength(MAX_AGENCY_EMAIL)
  email!: string;

  @ApiProperty({ example: 'ПАО Сбербанк' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_BANK_NAME)
  bankName!: string;

  @ApiProperty({ example: '044525225' })
  @IsString()
  @Matches(DIGITS('9'), { message: 'bik must be 9 digits' })
  bik!: string;

  @ApiProperty({ example: '40702810938000012345' })
  @IsString()
  @Matches(DIGITS('20'), { message: 'account must be 20 digits' })
  account!: string;

  @ApiProperty({ example: '30101810400000000225' })
  @IsString()
  @Matches(DIGITS('20'), { message: 'corrAccount must be 20 digits' })
  corrAccount!: string;

  @ApiProperty({ example: 'Смирнова Анна Сергеевна' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SIGNATORY_NAME)
  signatoryName!: string;

  @ApiProperty({ example: 'Генеральный директор' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SIGNATORY_POSITION)
  signatoryPosition!: string;

  @ApiProperty({ example: 'Без НДС (УСН)' })
  @IsString()
  @MaxLength(MAX_VAT_NOTE)
  vatNote!: string;

  @ApiPropertyOptional({
    enum: LEGAL_FORMS,
    example: 'organization',
    description:
      'organization (ООО, АО: 10-digit INN, 13-digit OGRN) or sole_proprietor (ИП: 12-digit INN, 15-digit OGRNIP, no KPP); by the INN when unset',
  })
  @IsOptional()
  @IsIn(LEGAL_FORMS)
  legalForm?: LegalForm;

  @ApiPropertyOptional({
    example: 'Смирновой Анны Сергеевны',
    description: 'The signatory in the genitive (after «в лице»); declined automatically when unset',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SIGNATORY_NAME_GENITIVE)
  signatoryNameGenitive?: string;

  @ApiPropertyOptional({ example: 'генерального директора', description: 'The position in the genitive' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SIGNATORY_POSITION_GENITIVE)
  signatoryPositionGenitive?: string;

  @ApiPropertyOptional({
    example: 'Устава',
    description:
      'What the signatory acts on, in the genitive: Устава, доверенности № 5 от 01.02.2026; an ИП: записи в ЕГРИП (default)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SIGNATORY_BASIS)
  signatoryBasis?: string;
}

export class UpdateAgencySettingsDto extends AgencySettingsInputDto {
  @ApiPropertyOptional({
    example: 0,
    description: 'The version you read (0 before the first save; required once settings exist); or If-Match',
  })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(0)
  version?: number;
}

export class AgencySettingsDto extends AgencySettingsInputDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) updatedBy!: string | null;
}

export class GenerateDocumentDto {
  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'invoice' })
  @IsIn(DOCUMENT_TYPES)
  type!: DocumentType;

  @ApiPropertyOptional({
    example: false,
    description:
      'Generate although a supplier abroad gets passenger data without a notified cross-border transfer ' +
      '(409 PRIVACY.TRANSFER_NOT_NOTIFIED otherwise); needs orders.force, audited',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class FinalizeDocumentDto {
  @ApiPropertyOptional({
    example: false,
    description:
      'Finalize although a supplier abroad gets passenger data without a notified cross-border transfer ' +
      '(409 PRIVACY.TRANSFER_NOT_NOTIFIED otherwise); needs orders.force, audited',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class DocumentVersionDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 33332 }) size!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256!: string;
  @ApiProperty({ description: 'SHA-256 of the data snapshot the PDF was rendered from' }) dataSha256!: string;
  @ApiProperty({ example: 1 }) templateVersion!: number;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) generatedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) generatedByUserId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The order event that caused it',
  })
  generatedByEventId!: string | null;
  @ApiProperty({ example: 'requested', description: '`requested` or the causing event name' })
  reason!: string;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'СЧ-2026-000001' }) number!: string;
  @ApiProperty({ enum: [...DOCUMENT_TYPES, 'destruction_act'] }) type!: StoredDocumentType;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for an act of destruction',
  })
  orderId!: string | null;
  @ApiProperty({ enum: [...DOCUMENT_TYPES, 'destruction_act'] }) templateType!: StoredDocumentType;
  @ApiProperty({ example: 1 }) templateVersion!: number;
  @ApiProperty({ example: 1 }) currentVersion!: number;
  @ApiProperty({ example: false }) final!: boolean;
  @ApiProperty({ type: String, nullable: true }) finalizedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) finalizedBy!: string | null;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) issuedAt!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: DocumentVersionDto, nullable: true }) current!: DocumentVersionDto | null;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({ example: 1, description: 'Default: the current version' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class DocumentDownloadDto {
  @ApiProperty({ example: 'http://localhost:3000/api/v1/files/eyJ…' }) url!: string;
  @ApiProperty({ example: '2026-11-22T10:05:00.000Z' }) expiresAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() sha256!: string;
}
