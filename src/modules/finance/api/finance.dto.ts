import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';
import {
  PAYMENT_METHODS,
  PAYMENT_TYPES,
  type PaymentMethod,
  type PaymentType,
  type RateSource,
} from '../domain/payment';

/** Limits finance keeps at its edge (the Payment aggregate has no text limits of its own yet). */
const MAX_REFERENCE = 200;
const MAX_NOTE = 2000;
const MAX_SUPPLIER = 300;
const MAX_REASON = 1000;

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const RATE = /^\d{1,10}(\.\d{1,8})?$/;
const CURRENCY = /^[A-Za-z]{3}$/;
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

// ---- requests

export class RecordPaymentDto {
  @ApiProperty({ enum: PAYMENT_TYPES, example: 'payment' })
  @IsIn(PAYMENT_TYPES)
  type!: PaymentType;

  @ApiProperty({ example: '100.00', description: 'Greater than 0, at most 2 decimals' })
  @IsString()
  @Matches(MONEY, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"' })
  amount!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @IsString()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiPropertyOptional({
    example: '98.50',
    type: String,
    nullable: true,
    description:
      'Payment currency → order currency. Omitted: 1 in the order currency, else the stored (CBR or manual) rate of the payment day in Moscow',
  })
  @IsOptional()
  @IsString()
  @Matches(RATE, { message: 'rate must be a decimal string, e.g. "98.50"' })
  rate?: string | null;

  @ApiProperty({ example: '2027-05-01T12:00:00+03:00' })
  @IsISO8601({ strict: true }, { message: 'paidAt must be an ISO 8601 date-time' })
  paidAt!: string;

  @ApiProperty({ enum: PAYMENT_METHODS, example: 'bank_transfer' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  @ApiPropertyOptional({
    example: 'п/п 123',
    type: String,
    nullable: true,
    description: 'Payment order number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REFERENCE)
  reference?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Предоплата 30 %' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE)
  note?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
    description: 'Supplier payments only: the service paid for',
  })
  @IsOptional()
  @IsUUID('all')
  serviceId?: string | null;

  @ApiPropertyOptional({
    example: null,
    type: String,
    nullable: true,
    description: 'Supplier payments only: who was paid, e.g. «Аэрофлот» (defaults to the service’s supplier)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUPPLIER)
  supplier?: string | null;
}

export class CancelPaymentDto {
  @ApiPropertyOptional({ example: 'Ошибочно проведён', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  reason?: string | null;
}

export class OrderPaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_TYPES })
  @IsOptional()
  @IsIn(PAYMENT_TYPES)
  type?: PaymentType;

  @ApiPropertyOptional({ description: 'false hides cancelled payments and reversal entries', default: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeCancelled?: boolean;
}

export class ListPaymentsQueryDto extends OrderPaymentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  orderId?: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  method?: PaymentMethod;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Recorded by this user' })
  @IsOptional()
  @IsUUID('all')
  createdBy?: string;

  @ApiPropertyOptional({ example: '2027-05-01T00:00:00+03:00', description: 'paidAt at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-06-01T00:00:00+03:00', description: 'paidAt before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

// ---- responses

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: '2026-000123' }) orderNumber!: string;
  @ApiProperty({ enum: PAYMENT_TYPES }) type!: PaymentType;
  @ApiProperty({ example: '100.00', description: 'Negative on a reversal entry' }) amount!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '98.5', description: 'Payment currency → order currency, fixed at paidAt' })
  rate!: string;
  @ApiProperty({ enum: ['manual', 'cbr', 'parity'] }) rateSource!: RateSource;
  @ApiProperty({ type: String, nullable: true, example: '2027-05-01', description: 'The CBR rate’s date' })
  rateDate!: string | null;
  @ApiProperty({ example: 'RUB' }) orderCurrency!: string;
  @ApiProperty({ example: '9850.00' }) amountInOrderCurrency!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '97',
    description: 'The order services’ rate for this currency',
  })
  orderRate!: string | null;
  @ApiProperty({ example: '150.00', description: 'amount × (rate − orderRate), signed for the agency' })
  fxDifference!: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method!: PaymentMethod;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) serviceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) supplier!: string | null;
  @ApiProperty({ example: '2027-05-01T09:00:00.000Z' }) paidAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Set on a reversal entry' })
  reversalOf!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The reversal that cancelled it',
  })
  cancelledBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
}

export class OrderBalanceDto {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: '2026-000123' }) number!: string;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 'confirmed' }) status!: string;
  @ApiProperty({ example: '130000.00' }) totalAmount!: string;
  @ApiProperty({ example: '6500.00' }) commission!: string;
  @ApiProperty({ example: '100000.00', description: 'Client payments' }) paid!: string;
  @ApiProperty({ example: '0.00', description: 'Refunds to the client' }) refunded!: string;
  @ApiProperty({ example: '30000.00', description: 'total − paid + refunded, when positive' }) due!: string;
  @ApiProperty({ example: '0.00', description: 'paid − refunded − total, when positive' })
  overpayment!: string;
  @ApiProperty({ example: '123500.00' }) supplierCost!: string;
  @ApiProperty({ example: '50000.00', description: 'Supplier payments net of supplier refunds' })
  paidToSuppliers!: string;
  @ApiProperty({ example: '73500.00', description: 'supplierCost − paidToSuppliers' })
  supplierBalance!: string;
  @ApiProperty({ example: '50000.00', description: '(paid − refunded) − paidToSuppliers' })
  realisedMargin!: string;
  @ApiProperty({ example: '150.00', description: 'Gain (+) or loss (−) from payment rates vs the order’s' })
  fxDifference!: string;
}
