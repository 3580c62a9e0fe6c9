import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';

/** Limits the cross-border register keeps at its edge (its domain has no text limits of its own yet). */
const MIN_NAME = 2;
const MAX_NAME = 100;
const MAX_NOTE = 500;
const MIN_RECIPIENT = 2;
const MAX_RECIPIENT = 200;
const MIN_PURPOSE = 3;
const MAX_PURPOSE = 500;
const MIN_CATEGORIES = 2;
const MAX_CATEGORIES = 200;
const MAX_CATEGORIES_ITEMS = 50;

export class CountryDto {
  @ApiProperty({ example: 'TR', description: 'ISO 3166-1 alpha-2' }) code!: string;
  @ApiProperty({ example: 'Турция' }) name!: string;
  @ApiProperty({ example: false, description: 'Adequate protection of personal data (152-FZ art. 12)' })
  adequate!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'не входит в перечень Роскомнадзора' })
  note!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) updatedBy!: string | null;
  @ApiProperty({ example: '2026-12-01T09:00:00.000Z' }) updatedAt!: string;
}

export class SetCountryDto {
  @ApiProperty({ example: 'Турция' })
  @IsString()
  @MinLength(MIN_NAME)
  @MaxLength(MAX_NAME)
  name!: string;

  @ApiProperty({ example: false, description: 'Adequate protection of personal data' })
  @IsBoolean()
  adequate!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'не входит в перечень Роскомнадзора' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE)
  note?: string | null;
}

export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TR' }) country!: string;
  @ApiProperty({ example: 'Anex Tour' }) recipient!: string;
  @ApiProperty({ example: 'бронирование проживания и трансфера' }) purpose!: string;
  @ApiProperty({ type: [String], example: ['фамилия, имя', 'паспортные данные', 'даты поездки'] })
  categories!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-20',
    description: 'When Roskomnadzor was notified of the transfer; null = not notified',
  })
  notifiedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty({ example: '2026-12-01T09:00:00.000Z' }) createdAt!: string;
}

export class RecordTransferDto {
  @ApiProperty({ example: 'TR', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({ example: 'Anex Tour', description: 'The foreign organisation receiving the data' })
  @IsString()
  @MinLength(MIN_RECIPIENT)
  @MaxLength(MAX_RECIPIENT)
  recipient!: string;

  @ApiProperty({ example: 'бронирование проживания и трансфера' })
  @IsString()
  @MinLength(MIN_PURPOSE)
  @MaxLength(MAX_PURPOSE)
  purpose!: string;

  @ApiProperty({ type: [String], example: ['фамилия, имя', 'паспортные данные', 'даты поездки'] })
  @IsString({ each: true })
  @MinLength(MIN_CATEGORIES, { each: true })
  @MaxLength(MAX_CATEGORIES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CATEGORIES_ITEMS)
  categories!: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-11-20',
    description: 'The date Roskomnadzor was notified (YYYY-MM-DD), if it was',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'notifiedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  notifiedOn?: string | null;
}

export class ListTransfersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'TR' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;
}
