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
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: false, description: 'Adequate protection of personal data' })
  @IsBoolean()
  adequate!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'не входит в перечень Роскомнадзора' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
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
  @MinLength(2)
  @MaxLength(200)
  recipient!: string;

  @ApiProperty({ example: 'бронирование проживания и трансфера' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  purpose!: string;

  @ApiProperty({ type: [String], example: ['фамилия, имя', 'паспортные данные', 'даты поездки'] })
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
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
