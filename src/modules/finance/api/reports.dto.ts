import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../../shared/pagination/page';

/** The supplier an agent report is for (as written on services). */
const MAX_SUPPLIER = 300;

const STATUSES = ['draft', 'confirmed', 'in_progress', 'completed', 'cancelled'] as const;

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+03:00', description: 'Orders created at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-02-01T00:00:00+03:00', description: 'Orders created before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  managerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The payer' })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;

  @ApiPropertyOptional({ example: 'RUB' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description:
      'csv: every matching row plus a totals row per currency, for Excel (UTF-8 BOM, `;`, decimal comma)',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ClientsReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: ['turnover', 'debt', 'paid', 'orders'], default: 'turnover' })
  @IsOptional()
  @IsIn(['turnover', 'debt', 'paid', 'orders'])
  sort?: 'turnover' | 'debt' | 'paid' | 'orders';
}

export class DebtsReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: ['clients', 'suppliers'], default: 'clients' })
  @IsOptional()
  @IsIn(['clients', 'suppliers'])
  side?: 'clients' | 'suppliers';

  @ApiPropertyOptional({
    example: '2027-06-01',
    description: 'Count days overdue as of this date (today in Moscow)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'asOf must be a valid date' })
  asOf?: string;
}

class PageFields {
  @ApiProperty({ example: 1 }) total!: number;
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class OrdersReportRowDto {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: '2027-000123' }) number!: string;
  @ApiProperty({ example: 'confirmed' }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) deadline!: string | null;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Иванов Иван Иванович' }) clientName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) managerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Анна Смирнова' }) managerName!: string | null;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: '130000.00' }) totalAmount!: string;
  @ApiProperty({ example: '6500.00' }) commission!: string;
  @ApiProperty({ example: '123500.00' }) supplierCost!: string;
  @ApiProperty({ example: '6500.00', description: 'totalAmount − supplierCost' }) margin!: string;
  @ApiProperty({ example: '100000.00', description: 'Net of refunds' }) paid!: string;
  @ApiProperty({ example: '30000.00' }) due!: string;
  @ApiProperty({ example: '0.00' }) overpayment!: string;
  @ApiProperty({ example: '50000.00' }) paidToSuppliers!: string;
}

export class OrdersReportTotalsDto {
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 12 }) orders!: number;
  @ApiProperty() totalAmount!: string;
  @ApiProperty() commission!: string;
  @ApiProperty() supplierCost!: string;
  @ApiProperty() margin!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() due!: string;
  @ApiProperty() overpayment!: string;
  @ApiProperty() paidToSuppliers!: string;
}

export class OrdersReportDto extends PageFields {
  @ApiProperty({ type: [OrdersReportRowDto] }) items!: OrdersReportRowDto[];
  @ApiProperty({ type: [OrdersReportTotalsDto], description: 'Per currency, over every matching row' })
  totals!: OrdersReportTotalsDto[];
}

export class ClientsReportRowDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true }) clientName!: string | null;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 3 }) orders!: number;
  @ApiProperty({ example: '390000.00' }) turnover!: string;
  @ApiProperty({ example: '300000.00' }) paid!: string;
  @ApiProperty({ example: '90000.00' }) debt!: string;
}

export class ClientsReportTotalsDto {
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 10 }) clients!: number;
  @ApiProperty({ example: 30 }) orders!: number;
  @ApiProperty() turnover!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() debt!: string;
}

export class ClientsReportDto extends PageFields {
  @ApiProperty({ type: [ClientsReportRowDto] }) items!: ClientsReportRowDto[];
  @ApiProperty({ type: [ClientsReportTotalsDto] }) totals!: ClientsReportTotalsDto[];
}

export class ManagersReportRowDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) managerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Анна Смирнова' }) managerName!: string | null;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 3 }) orders!: number;
  @ApiProperty() turnover!: string;
  @ApiProperty() commission!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() debt!: string;
}

export class ManagersReportTotalsDto {
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 30 }) orders!: number;
  @ApiProperty() turnover!: string;
  @ApiProperty() commission!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() debt!: string;
}

export class ManagersReportDto extends PageFields {
  @ApiProperty({ type: [ManagersReportRowDto] }) items!: ManagersReportRowDto[];
  @ApiProperty({ type: [ManagersReportTotalsDto] }) totals!: ManagersReportTotalsDto[];
}

export class DebtRowDto {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: '2027-000123' }) number!: string;
  @ApiProperty({ example: 'confirmed' }) status!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'side=clients' }) clientId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'side=clients' }) clientName?:
    string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) managerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Анна Смирнова' }) managerName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'side=clients' }) deadline?:
    string | null;
  @ApiPropertyOptional({ example: 12, description: 'side=clients: days past the deadline' })
  daysOverdue?: number;
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiPropertyOptional({ description: 'side=clients' }) totalAmount?: string;
  @ApiPropertyOptional({ description: 'side=clients: net of refunds' }) paid?: string;
  @ApiPropertyOptional({ description: 'side=suppliers' }) supplierCost?: string;
  @ApiPropertyOptional({ description: 'side=suppliers: net of supplier refunds' }) paidToSuppliers?: string;
  @ApiProperty({ example: '30000.00', description: 'What is owed' }) due!: string;
}

export class DebtTotalsDto {
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 7 }) orders!: number;
  @ApiProperty({ example: '210000.00' }) due!: string;
}

export class DebtsReportDto extends PageFields {
  @ApiProperty({ type: [DebtRowDto] }) items!: DebtRowDto[];
  @ApiProperty({ type: [DebtTotalsDto] }) totals!: DebtTotalsDto[];
}

export class AgentReportQueryDto {
  @ApiProperty({ example: 'Hotel Louvre', description: 'The supplier, exactly as on the services' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SUPPLIER)
  supplier!: string;

  @ApiProperty({ example: '2027-06', description: 'Services that start in this month (Moscow time)' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv', 'pdf'],
    default: 'json',
    description: 'pdf: rendered by the documents module with the active agent_report template',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

export class AgentReportRowDto {
  @ApiProperty({ format: 'uuid' }) serviceId!: string;
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ example: '2027-000123' }) orderNumber!: string;
  @ApiProperty({ example: 'hotel' }) type!: string;
  @ApiProperty() startAt!: string;
  @ApiProperty({ type: String, nullable: true }) bookingRef!: string | null;
  @ApiProperty({ example: 'RUB', description: 'The order currency' }) currency!: string;
  @ApiProperty({ example: '39400.00' }) gross!: string;
  @ApiProperty({ example: '1970.00' }) commission!: string;
  @ApiProperty({ example: '37430.00', description: 'gross − commission' }) net!: string;
}

export class AgentReportTotalsDto {
  @ApiProperty({ example: 'RUB' }) currency!: string;
  @ApiProperty({ example: 3 }) services!: number;
  @ApiProperty() gross!: string;
  @ApiProperty() commission!: string;
  @ApiProperty() net!: string;
}

export class AgentReportDto {
  @ApiProperty({ example: 'Hotel Louvre' }) supplier!: string;
  @ApiProperty({ example: '2027-06' }) month!: string;
  @ApiProperty({ type: [AgentReportRowDto] }) items!: AgentReportRowDto[];
  @ApiProperty({ type: [AgentReportTotalsDto] }) totals!: AgentReportTotalsDto[];
}
