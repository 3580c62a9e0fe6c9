import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiMovedPermanentlyResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { ApiIfMatch, expectedVersion } from '../../../shared/http/expected-version';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import type { ClientListItemView, ClientView } from '../application/client.view';
import { CreateClientCommand } from '../application/commands/create-client/create-client.command';
import { DeleteClientCommand } from '../application/commands/delete-client/delete-client.command';
import { MergeClientsCommand } from '../application/commands/merge-clients/merge-clients.command';
import { UpdateClientCommand } from '../application/commands/update-client/update-client.command';
import { GetClientQuery } from '../application/queries/get-client/get-client.query';
import { ListClientsQuery } from '../application/queries/list-clients/list-clients.query';
import { ClientMergedError } from '../domain/client';
import {
  ClientDto,
  ClientListItemDto,
  ClientMovedDto,
  ClientWriteQueryDto,
  CreateClientDto,
  ListClientsQueryDto,
  MergeClientsDto,
  UpdateClientDto,
} from './client.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

export const CLIENTS_PATH = '/api/v1/clients';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('clients.read')
  @ApiOperation({
    operationId: 'listClients',
    summary: 'List clients: search by name, exact e-mail / phone / passport; contacts and passports masked',
  })
  @ApiOkResponse({ type: PageDtoOf(ClientListItemDto) })
  list(@Query() q: ListClientsQueryDto, @CurrentActor() actor: Actor): Promise<Page<ClientListItemView>> {
    return this.queries.execute(
      new ListClientsQuery(
        { q: q.q, email: q.email, phone: q.phone, passport: q.passport, sort: q.sort },
        pageWindow(q),
        actor,
      ),
    );
  }

  @Post()
  @RequirePermission('clients.write')
  @Idempotent()
  @ApiProblems('CLIENTS.DUPLICATE')
  @ApiOperation({
    operationId: 'createClient',
    summary:
      'Create a client; 409 CLIENTS.DUPLICATE when an e-mail, phone or passport belongs to another client',
  })
  @ApiCreatedResponse({ type: ClientDto })
  async create(
    @Body() dto: CreateClientDto,
    @Query() q: ClientWriteQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClientView> {
    const { id } = await this.commands.execute(
      new CreateClientCommand(dto, actor, { allowDuplicate: q.allowDuplicate }),
    );
    return this.read(id, actor, 'createClient');
  }

  @Get(':id')
  @RequirePermission('clients.read')
  @ApiProblems('CLIENTS.MERGED', 'COMMON.GONE')
  @ApiOperation({
    operationId: 'getClient',
    summary:
      'One client; full personal data for operators and supervisors (audited as pii.read), contacts only for accountants. ' +
      'A merged client answers 301 with the survivor in Location',
  })
  @ApiOkResponse({ type: ClientDto })
  @ApiMovedPermanentlyResponse({ type: ClientMovedDto, description: 'Merged into another client (Location)' })
  async get(
    @IdParam() id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientView | ClientMovedDto> {
    const r = await this.queries.execute(new GetClientQuery(id, actor, 'getClient'));
    if (r.status === 'not-found') throw new NotFoundError('client', id);
    if (r.status === 'merged') {
      if (r.survivorDeleted) {
        throw new DomainError(
          'COMMON.GONE',
          `client ${id} was merged into ${r.survivorId}, which was deleted`,
          {
            survivorId: r.survivorId,
          },
        );
      }
      const location = `${CLIENTS_PATH}/${r.survivorId}`;
      res.status(301).header('location', location);
      return { survivorId: r.survivorId, location };
    }
    return r.client;
  }

  @Patch(':id')
  @RequirePermission('clients.write')
  @ApiIfMatch()
  @ApiProblems('CLIENTS.DUPLICATE', 'CLIENTS.MERGED')
  @ApiOperation({
    operationId: 'updateClient',
    summary: 'Change a client; lists (emails, phones, passports) are replaced as a whole',
  })
  @ApiOkResponse({ type: ClientDto })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateClientDto,
    @Query() q: ClientWriteQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ClientView> {
    const { version, ...changes } = dto;
    await this.commands.execute(
      new UpdateClientCommand(id, expectedVersion(version, ifMatch), changes, actor, {
        allowDuplicate: q.allowDuplicate,
      }),
    );
    return this.read(id, actor, 'updateClient');
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('clients.write')
  @ApiProblems('CLIENTS.MERGED', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'deleteClient',
    summary:
      'Delete a client: it leaves lists and search, its personal data is erased, the name stays for orders',
  })
  @ApiNoContentResponse()
  async remove(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new DeleteClientCommand(id, actor));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermission('clients.merge')
  @Idempotent()
  @ApiIfMatch()
  @ApiProblems('CLIENTS.ALREADY_MERGED', 'CLIENTS.MERGED', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'mergeClients',
    summary:
      'Fold a duplicate into this client in one transaction: contacts, passports, files, orders and applications ' +
      'move here; the duplicate answers 301 to this client from then on',
  })
  @ApiOkResponse({ type: ClientDto })
  async merge(
    @IdParam() id: string,
    @Body() dto: MergeClientsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ClientView> {
    const version =
      dto.version !== undefined || ifMatch !== undefined ? expectedVersion(dto.version, ifMatch) : undefined;
    await this.commands.execute(new MergeClientsCommand(id, dto.duplicateId.toLowerCase(), actor, version));
    return this.read(id, actor, 'mergeClients');
  }

  private async read(id: string, actor: Actor, via: string): Promise<ClientView> {
    const r = await this.queries.execute(new GetClientQuery(id, actor, via));
    if (r.status === 'merged') throw new ClientMergedError(id, r.survivorId);
    if (r.status === 'not-found') throw new NotFoundError('client', id);
    return r.client;
  }
}
