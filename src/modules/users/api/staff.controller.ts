import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AnyAuthenticated } from '../../../shared/auth/decorators';
import { ROLES, type Role } from '../../../shared/domain/actor';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { type Page, PageQueryDto, pageWindow } from '../../../shared/pagination/page';
import { ListStaffQuery, type StaffMemberView } from '../application/queries/list-staff/list-staff.query';

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Анна Смирнова' }) fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: true }) active!: boolean;
}

/** The staff directory: names and roles of colleagues for every role (the user list is admin-only). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @AnyAuthenticated()
  @ApiOperation({
    operationId: 'listStaff',
    summary: 'Colleagues’ names and roles (for showing who a manager or an actor is), by name',
  })
  @ApiOkResponse({ type: PageDtoOf(StaffMemberDto) })
  list(@Query() q: PageQueryDto): Promise<Page<StaffMemberView>> {
    return this.queries.execute(new ListStaffQuery(pageWindow(q)));
  }
}
