import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import { IsOmittable, PG_INT_MAX } from '../../../shared/validation/omittable';
import { PageQueryDto } from '../../../shared/pagination/page';
import { MAX_LIST_ITEMS, PASSPORT_KINDS, type PassportKind } from '../domain/client';
import { MAX_EMAIL, MAX_PHONE_TEXT } from '../../../shared/domain/contact-limits';
import { MAX_CONSENT_FIELD } from '../../../shared/domain/normalisers';
import { MAX_ISO_TEXT, MAX_SEARCH_TEXT, MAX_SORT } from '../../../shared/validation/transport-limits';
import { MAX_ISSUED_BY, MAX_NAME, MAX_NOTES, MAX_TELEGRAM } from '../domain/client-input';

/** Transport guards: the domain checks a passport's series and number by pattern once spaces and dashes are gone. */
const MAX_PASSPORT_SERIES_TEXT = 20;
const MAX_PASSPORT_NUMBER_TEXT = 30;
/** A passport search (`4510 123456`), normalised like a passport key. */
const MAX_PASSPORT_SEARCH_TEXT = 40;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = (field: string) => ({ message: `${field} must be a date as YYYY-MM-DD` });

export class PassportInputDto {
  @ApiProperty({ enum: PASSPORT_KINDS, example: 'internal' })
  @IsIn(PASSPORT_KINDS)
  kind!: PassportKind;

  @ApiPropertyOptional({
    example: '4510',
    description: 'internal: 4 digits; foreign: the 2 digits of a Russian foreign passport (or empty)',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_PASSPORT_SERIES_TEXT)
  series?: string;

  @ApiProperty({
    example: '123456',
    description: 'internal: 6 digits; foreign: 7 digits (5–20 letters and digits)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSPORT_NUMBER_TEXT)
  number!: string;

  @ApiPropertyOptional({ example: '2015-03-01', nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsString()
  @Matches(DATE_RE, DATE_MESSAGE('issuedAt'))
  issuedAt?: string | null;

  @ApiPropertyOptional({ example: null, nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsString()
  @Matches(DATE_RE, DATE_MESSAGE('expiresAt'))
  expiresAt?: string | null;

  @ApiPropertyOptional({ example: 'ОУФМС России по г. Москве', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISSUED_BY)
  issuedBy?: string | null;
}

export class ConsentDto {
  @ApiProperty({ example: '2026-11-22T10:00:00+03:00', description: 'ISO 8601 with offset' })
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  givenAt!: string;

  @ApiProperty({ example: 'web', description: 'How consent was given: web, paper, telegram, …' })
  @IsString()
  @MaxLength(MAX_CONSENT_FIELD)
  channel!: string;

  @ApiProperty({ example: '2025-09', description: 'Version of the consent text the client agreed to' })
  @IsString()
  @MaxLength(MAX_CONSENT_FIELD)
  textVersion!: string;
}

class ClientFieldsDto {
  @ApiPropertyOptional({ example: 'IVANOV IVAN', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NAME)
  latinName?: string | null;

  @ApiPropertyOptional({ example: '1985-05-17', nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsString()
  @Matches(DATE_RE, DATE_MESSAGE('birthDate'))
  birthDate?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ivanov@example.ru'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_EMAIL, { each: true })
  emails?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['+7 912 345-67-89'],
    description: 'Any spelling; stored as E.164 (Russia is the default region)',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_PHONE_TEXT, { each: true })
  phones?: string[];

  @ApiPropertyOptional({ type: [PassportInputDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => PassportInputDto)
  passports?: PassportInputDto[];

  @ApiPropertyOptional({ example: '@ivanov', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TELEGRAM)
  telegram?: string | null;

  @ApiPropertyOptional({ example: '+79123456789', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PHONE_TEXT)
  whatsapp?: string | null;

  @ApiPropertyOptional({ example: 'Предпочитает места у окна', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES)
  notes?: string | null;

  @ApiPropertyOptional({ type: ConsentDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto | null;
}

export class CreateClientDto extends ClientFieldsDto {
  @ApiProperty({ example: 'Иванов Иван Иванович' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NAME)
  fullName!: string;
}

export class UpdateClientDto extends ClientFieldsDto {
  @ApiPropertyOptional({ example: 'Иванов Иван Петрович' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NAME)
  fullName?: string;

  @ApiPropertyOptional({ example: 1, description: 'The version you read; or send If-Match' })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ClientWriteQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'Save even when an e-mail, phone or passport belongs to another client (audited)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'иванов',
    description:
      'Part of the name (case- and ё/е-insensitive, Cyrillic or Latin), or an exact e-mail, phone or passport',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_TEXT)
  q?: string;

  @ApiPropertyOptional({ example: 'ivanov@example.ru', description: 'Exact e-mail (any case)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EMAIL)
  email?: string;

  @ApiPropertyOptional({ example: '8 (912) 345-67-89', description: 'Exact phone in any spelling' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PHONE_TEXT)
  phone?: string;

  @ApiPropertyOptional({ example: '4510 123456', description: 'Exact passport series and number' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PASSPORT_SEARCH_TEXT)
  passport?: string;

  @ApiPropertyOptional({
    example: 'fullName',
    description: 'fullName, createdAt, updatedAt; prefix - for descending',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SORT)
  sort?: string;
}

export class MergeClientsDto {
  @ApiProperty({ format: 'uuid', description: 'The client folded into this one; it becomes a tombstone' })
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'duplicateId must be a UUID',
  })
  duplicateId!: string;

  @ApiPropertyOptional({
    example: 3,
    description: 'The survivor version you read (or send If-Match); optional',
  })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

// ---- responses

export class PassportDto {
  @ApiProperty({ enum: PASSPORT_KINDS }) kind!: PassportKind;
  @ApiProperty({ example: '4510' }) series!: string;
  @ApiProperty({ example: '123456' }) number!: string;
  @ApiProperty({ example: '2015-03-01', nullable: true, type: String, format: 'date' }) issuedAt!:
    string | null;
  @ApiProperty({ example: null, nullable: true, type: String, format: 'date' }) expiresAt!: string | null;
  @ApiProperty({ example: 'ОУФМС России по г. Москве', nullable: true, type: String }) issuedBy!:
    string | null;
  @ApiProperty({ example: '45 ** ***456' }) numberMasked!: string;
}

export class MaskedPassportDto {
  @ApiProperty({ enum: PASSPORT_KINDS }) kind!: PassportKind;
  @ApiProperty({ example: '45 ** ***456' }) numberMasked!: string;
  @ApiProperty({ example: '2030-01-10', nullable: true, type: String, format: 'date' }) expiresAt!:
    string | null;
}

export class ClientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['full', 'contacts'],
    description: 'full: every field; contacts (accountants): no passports, no birth date',
  })
  access!: 'full' | 'contacts';
  @ApiProperty({ example: 'Иванов Иван Иванович' }) fullName!: string;
  @ApiProperty({ example: 'IVANOV IVAN', nullable: true, type: String }) latinName!: string | null;
  @ApiPropertyOptional({ example: '1985-05-17', nullable: true, type: String, format: 'date' })
  birthDate?: string | null;
  @ApiProperty({ type: [String], example: ['ivanov@example.ru'] }) emails!: string[];
  @ApiProperty({ type: [String], example: ['+79123456789'], description: 'E.164' }) phones!: string[];
  @ApiPropertyOptional({ type: [PassportDto], description: 'Absent for roles that may not see passports' })
  passports?: PassportDto[];
  @ApiProperty({ example: '@ivanov', nullable: true, type: String }) telegram!: string | null;
  @ApiProperty({ example: '+79123456789', nullable: true, type: String }) whatsapp!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: ConsentDto, nullable: true }) consent!: ConsentDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
}

export class ClientListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Иванов Иван Иванович' }) fullName!: string;
  @ApiProperty({ example: 'IVANOV IVAN', nullable: true, type: String }) latinName!: string | null;
  @ApiProperty({ type: [String], example: ['i***@example.ru'], description: 'Masked' }) emails!: string[];
  @ApiProperty({ type: [String], example: ['+7 912 ***-**-89'], description: 'Masked' }) phones!: string[];
  @ApiPropertyOptional({
    type: [MaskedPassportDto],
    description: 'Masked; absent for roles that may not see passports',
  })
  passports?: MaskedPassportDto[];
  @ApiProperty({ example: '@iv***', nullable: true, type: String, description: 'Masked' }) telegram!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class ClientMovedDto {
  @ApiProperty({ format: 'uuid', description: 'The client this one was merged into' }) survivorId!: string;
  @ApiProperty({ example: '/api/v1/clients/0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11' }) location!: string;
}
