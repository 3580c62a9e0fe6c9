import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ImportClientsQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Validate and report only; write no client' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

export class UploadCsvDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'CSV in UTF-8 (with or without BOM) or Windows-1251, `;` or `,`; header ФИО/fullName, Телефон/phone, ' +
      'Email, Паспорт/passport, Дата рождения/birthDate (ДД.ММ.ГГГГ or ISO)',
  })
  file!: unknown;
}

export class ImportJobRowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['created', 'duplicate', 'invalid'] })
  @IsOptional()
  @IsIn(['created', 'duplicate', 'invalid'])
  status?: 'created' | 'duplicate' | 'invalid';
}

export class ImportRowDto {
  @ApiProperty({ example: 2, description: 'Line of the file the row ends on (the header is line 1)' })
  row!: number;
  @ApiProperty({ enum: ['created', 'duplicate', 'invalid'] }) status!: 'created' | 'duplicate' | 'invalid';
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'created: the new client' })
  clientId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'duplicate: the matching client',
  })
  duplicateOfClientId!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'duplicate of an earlier row of the file: its line',
  })
  duplicateOfRow!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'phone',
    description: 'duplicate: phone, email or passport; invalid: the column at fault',
  })
  field!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'phone must be a valid phone number' })
  reason!: string | null;
}

class ImportTotalsDto {
  @ApiProperty() rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty() duplicate!: number;
  @ApiProperty() invalid!: number;
}

class ImportRowPageDto {
  @ApiProperty({ type: [ImportRowDto] }) items!: ImportRowDto[];
  @ApiProperty({ example: 1 }) total!: number;
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['processing', 'completed', 'failed'] }) status!:
    'processing' | 'completed' | 'failed';
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'clients.csv' }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['utf-8', 'windows-1251'] }) encoding!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: [';', ','] }) delimiter!: string | null;
  @ApiProperty({ type: ImportTotalsDto }) totals!: ImportTotalsDto;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: ImportRowPageDto, description: 'One page of the per-row report, in file order' })
  rows!: ImportRowPageDto;
}
