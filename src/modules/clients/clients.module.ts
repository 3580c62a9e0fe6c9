import { Module } from '@nestjs/common';
import { ClientsController } from './api/clients.controller';
import { CreateClientHandler } from './application/commands/create-client/create-client.handler';
import { DeleteClientHandler } from './application/commands/delete-client/delete-client.handler';
import { UpdateClientHandler } from './application/commands/update-client/update-client.handler';
import { FindClientsByContactHandler } from './application/queries/find-clients-by-contact/find-clients-by-contact.handler';
import { GetClientHandler } from './application/queries/get-client/get-client.handler';
import { GetClientSummariesHandler } from './application/queries/get-client-summaries/get-client-summaries.handler';
import { ListClientsHandler } from './application/queries/list-clients/list-clients.handler';
import { ClientPiiCodec } from './application/services/client-pii.codec';
import { CLIENT_REPOSITORY } from './domain/client.repository.port';
import { SqlClientRepository } from './infrastructure/persistence/sql-client.repository';

@Module({
  controllers: [ClientsController],
  providers: [
    ClientPiiCodec,
    { provide: CLIENT_REPOSITORY, useClass: SqlClientRepository },
    CreateClientHandler,
    UpdateClientHandler,
    DeleteClientHandler,
    GetClientHandler,
    ListClientsHandler,
    GetClientSummariesHandler,
    FindClientsByContactHandler,
  ],
  exports: [ClientPiiCodec],
})
export class ClientsModule {}
