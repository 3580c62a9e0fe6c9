import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordRateDto {
  @ApiProperty({ example: 'EUR' })
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({ example: '2027-05-01' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a valid date' })
  date!: string;

  @ApiProperty({ example: '98.5', description: 'Roubles per one unit' })
  @IsString()
  @Matches(/^\d{1,10}(\.\d{1,8})?$/, { message: 'rate must be a decimal string, e.g. "98.5"' })
  rate!: string;
}

export class FetchCbrRatesDto {
  @ApiProperty({ example: '2027-05-01', description: 'The day whose rates to fetch' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a valid date' })
  date!: string;
}

export class ListRatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: '2027-05-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a valid date' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-05-31' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a valid date' })
  to?: string;
}

export class RateDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '2027-05-01' }) date!: string;
  @ApiProperty({ example: '98.5', description: 'Roubles per one unit' }) rate!: string;
  @ApiProperty({ enum: ['manual', 'cbr'] }) source!: 'manual' | 'cbr';
}

export class ImportRatesResultDto {
  @ApiProperty({ example: '2027-05-01' }) date!: string;
  @ApiProperty({ example: 34 }) imported!: number;
  @ApiProperty({ type: [String], example: ['EUR'], description: 'Entered by hand for that day; left alone' })
  keptManual!: string[];
}
