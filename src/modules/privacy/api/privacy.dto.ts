import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsInt,
  Max,
  Min,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MAX_CONSENT_FIELD } from '../../../shared/domain/normalisers';

/** Limits the privacy module keeps at its edge (its domain has no text limits of its own yet). */
const MIN_BODY = 20;
const MAX_BODY = 20000;
const MIN_REASON = 3;
const MAX_REASON = 1000;
const MIN_BASIS = 3;
const MAX_BASIS = 1000;
const MAX_EXTEND_REQUEST_REASON = 2000;
const MAX_ANSWER = 5000;
const MAX_NOTE = 200;
const MIN_DESCRIPTION = 10;
const MAX_DESCRIPTION = 5000;
const MIN_CATEGORIES = 2;
const MAX_CATEGORIES = 200;
const MAX_CATEGORIES_ITEMS = 50;
const MAX_APPROXIMATE_SUBJECTS = 100_000_000;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class ConsentTextDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'intake' }) purpose!: string;
  @ApiProperty({ example: '2026-12' }) version!: string;
  @ApiProperty({ example: 'Я даю согласие на обработку моих персональных данных…' }) body!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty({ example: '2026-12-01T09:00:00.000Z' }) createdAt!: string;
}

export class AddConsentTextDto {
  @ApiProperty({ example: 'intake', description: 'What the consent is for: intake, marketing, …' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'purpose must be a short lower-case code' })
  purpose!: string;

  @ApiProperty({ example: '2026-12' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CONSENT_FIELD)
  version!: string;

  @ApiProperty({
    example: 'Я даю согласие на обработку моих персональных данных (имя, телефон) для подбора тура…',
  })
  @IsString()
  @MinLength(MIN_BODY)
  @MaxLength(MAX_BODY)
  body!: string;

  @ApiPropertyOptional({
    example: true,
    description: 'Make it the text the web form and bots show now (default true)',
  })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export class ConsentRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['client', 'application', 'telegram_chat'] }) subjectKind!: string;
  @ApiProperty({ example: '0190b5a0-…', description: 'Client or application id, or `<integration>:<chat>`' })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ example: 'intake' }) purpose!: string;
  @ApiProperty({ example: '1' }) textVersion!: string;
  @ApiProperty({ example: 'web', description: 'web, telegram, paper, manual, …' }) channel!: string;
  @ApiProperty({ example: '2026-11-22T07:00:00.000Z' }) givenAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { requestId: 'f3c1…' } })
  evidence!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'telegram' }) withdrawalChannel!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the data is due for destruction' })
  destroyAfter!: string | null;
  @ApiProperty({ type: [String], example: ['accounting'] }) keptBases!: string[];
  @ApiProperty() createdAt!: string;
}

export class RecordConsentDto {
  @ApiProperty({ format: 'uuid', description: 'The client who gave it (manual entry of a paper consent)' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({ example: 'intake' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{1,39}$/)
  purpose?: string;

  @ApiProperty({ example: '1' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CONSENT_FIELD)
  textVersion!: string;

  @ApiProperty({ example: 'paper' })
  @IsString()
  @Matches(/^[a-z_-]{2,30}$/, { message: 'channel must be a short lower-case code' })
  channel!: string;

  @ApiProperty({ example: '2026-11-22T10:00:00+03:00' })
  @Matches(ISO_WITH_OFFSET, { message: 'givenAt must be ISO 8601 with an offset' })
  @IsISO8601({ strict: true })
  givenAt!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { fileId: '0190b5a0-…', note: 'подписанный бланк' },
    description: 'Evidence: the signed scan (a client file id), a form request id, …',
  })
  @IsOptional()
  @IsObject()
  evidence?: Record<string, unknown>;
}

export class ListConsentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class WithdrawConsentDto {
  @ApiPropertyOptional({ example: 'paper', description: 'How the withdrawal arrived (default: manual)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_-]{2,30}$/)
  channel?: string;
}

export class KeptByDto {
  @ApiProperty({ enum: ['contract', 'accounting'] }) basis!: string;
  @ApiProperty({ example: 'бухгалтерский учёт: хранение первичных документов 5 лет (ст. 29 402-ФЗ)' })
  text!: string;
}

export class WithdrawalDto {
  @ApiProperty({ type: ConsentRecordDto }) consent!: ConsentRecordDto;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-31T10:00:00.000Z' }) destroyAfter!:
    string | null;
  @ApiProperty({ type: [KeptByDto], description: 'Legal bases that keep the data (then no deadline)' })
  keptBy!: KeptByDto[];
}

export class DestroyClientDto {
  @ApiProperty({ example: 'отзыв согласия субъектом', description: 'Why the data is destroyed' })
  @IsString()
  @MinLength(MIN_REASON)
  @MaxLength(MAX_REASON)
  reason!: string;

  @ApiProperty({ example: 'ч. 5 ст. 21 Федерального закона № 152-ФЗ', description: 'The legal basis' })
  @IsString()
  @MinLength(MIN_BASIS)
  @MaxLength(MAX_BASIS)
  basis!: string;
}

export class DestructionDto {
  @ApiProperty({ format: 'uuid' }) destructionId!: string;
  @ApiProperty({ format: 'uuid', description: 'The act of destruction (GET /documents/{id}/download)' })
  actDocumentId!: string;
  @ApiProperty({ example: 'АУ-2026-000001' }) actNumber!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'Клиент №17' }) pseudonym!: string;
  @ApiProperty() performedAt!: string;
  @ApiProperty({ type: [String], example: ['фамилия, имя, отчество', 'паспортные данные'] })
  categories!: string[];
  @ApiProperty({ type: [String] }) kept!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { clientFiles: 2 } })
  counts!: Record<string, number>;
}

export class PersonalDataQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class PersonalDataReadDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) userName!: string | null;
  @ApiProperty() role!: string;
  @ApiProperty({ type: String, nullable: true, example: 'getClient' }) via!: string | null;
  @ApiProperty({ type: [String] }) fields!: string[];
}

const objects = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export class PersonalDataExportDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) destroyed!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) profile!: Record<string, unknown>;
  @ApiProperty(objects) consents!: Array<Record<string, unknown>>;
  @ApiProperty(objects) applications!: Array<Record<string, unknown>>;
  @ApiProperty(objects) orders!: Array<Record<string, unknown>>;
  @ApiProperty(objects) payments!: Array<Record<string, unknown>>;
  @ApiProperty(objects) documents!: Array<Record<string, unknown>>;
  @ApiProperty(objects) files!: Array<Record<string, unknown>>;
  @ApiProperty({ type: [PersonalDataReadDto] }) reads!: PersonalDataReadDto[];
}

const REQUEST_KINDS = ['access', 'correction', 'destruction', 'withdrawal'] as const;

export class RegisterRequestDto {
  @ApiProperty({ enum: REQUEST_KINDS, example: 'access' })
  @IsIn(REQUEST_KINDS)
  kind!: (typeof REQUEST_KINDS)[number];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The client, when known',
  })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;

  @ApiProperty({ example: 'email', description: 'How it arrived: email, post, in_person, telegram, …' })
  @IsString()
  @Matches(/^[a-z_-]{2,30}$/, { message: 'channel must be a short lower-case code' })
  channel!: string;

  @ApiProperty({ example: '2026-06-11T15:00:00+03:00' })
  @Matches(ISO_WITH_OFFSET, { message: 'receivedAt must be ISO 8601 with an offset' })
  @IsISO8601({ strict: true })
  receivedAt!: string;
}

export class ExtendRequestDto {
  @ApiProperty({ example: 'нужны сведения из архива поставщика', description: 'Sent to the subject' })
  @IsString()
  @MinLength(MIN_REASON)
  @MaxLength(MAX_EXTEND_REQUEST_REASON)
  reason!: string;
}

export class CloseRequestDto {
  @ApiProperty({ enum: ['answered', 'refused'] })
  @IsIn(['answered', 'refused'])
  status!: 'answered' | 'refused';

  @ApiProperty({ example: 'Сведения направлены почтой 12.06.2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_ANSWER)
  answer!: string;
}

export class ListRequestsQueryDto {
  @ApiPropertyOptional({ description: 'true: open requests past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['open', 'answered', 'refused'] })
  @IsOptional()
  @IsIn(['open', 'answered', 'refused'])
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class RequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ example: 'email' }) channel!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({
    example: '2026-06-26',
    description: 'Last day to answer (10 working days, +5 when extended)',
  })
  dueOn!: string;
  @ApiProperty() extended!: boolean;
  @ApiProperty({ type: String, nullable: true }) extensionReason!: string | null;
  @ApiProperty({ enum: ['open', 'answered', 'refused'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) answer!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() version!: number;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-06-12' }) day!: string;
  @ApiProperty({ enum: ['holiday', 'workday'] }) kind!: string;
  @ApiProperty({ example: 'День России' }) note!: string;
}

export class CalendarQueryDto {
  @ApiProperty({ example: '2026' })
  @Matches(/^20\d\d$/, { message: 'year must be like 2026' })
  year!: string;
}

export class SetCalendarDayDto {
  @ApiProperty({
    enum: ['holiday', 'workday'],
    nullable: true,
    description: 'holiday: a day off; workday: a transferred working day; null: back to the weekday rule',
  })
  @IsOptional()
  @IsIn(['holiday', 'workday', null])
  kind!: 'holiday' | 'workday' | null;

  @ApiPropertyOptional({ example: 'Перенос с 3 января' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE)
  note?: string;
}

export class RunRetentionDto {
  @ApiProperty({ example: true, description: 'Count what would be destroyed and change nothing' })
  @IsBoolean()
  dryRun!: boolean;
}

export class RetentionResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'False when another replica holds the lock' }) ran!: boolean;
  @ApiProperty() applications!: number;
  @ApiProperty() applicationAttachments!: number;
  @ApiProperty() withdrawnClients!: number;
  @ApiProperty() withdrawnOther!: number;
  @ApiProperty() keptByBasis!: number;
  @ApiProperty() remindersSent!: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actDocumentId!: string | null;
}

export class RegisterIncidentDto {
  @ApiProperty({ example: 'Сотрудник отправил выгрузку клиентов на чужой адрес электронной почты.' })
  @IsString()
  @MinLength(MIN_DESCRIPTION)
  @MaxLength(MAX_DESCRIPTION)
  description!: string;

  @ApiProperty({ example: '2026-12-01T12:30:00+03:00' })
  @Matches(ISO_WITH_OFFSET, { message: 'detectedAt must be ISO 8601 with an offset' })
  @IsISO8601({ strict: true })
  detectedAt!: string;

  @ApiProperty({ type: [String], example: ['фамилия, имя, отчество', 'номера телефонов'] })
  @IsString({ each: true })
  @MinLength(MIN_CATEGORIES, { each: true })
  @MaxLength(MAX_CATEGORIES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CATEGORIES_ITEMS)
  categories!: string[];

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(0)
  @Max(MAX_APPROXIMATE_SUBJECTS)
  approximateSubjects!: number;
}

export class IncidentNoticeDto {
  @ApiProperty({ enum: ['first', 'results'] })
  @IsIn(['first', 'results'])
  stage!: 'first' | 'results';
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty() detectedAt!: string;
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty() approximateSubjects!: number;
  @ApiProperty({ description: 'detectedAt + 24 h' }) firstNoticeDue!: string;
  @ApiProperty({ description: 'detectedAt + 72 h' }) resultsDue!: string;
  @ApiProperty({ type: String, nullable: true }) firstNoticeAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) resultsAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'The first notice prefilled in Russian for the Roskomnadzor form' })
  noticeText!: string;
}
