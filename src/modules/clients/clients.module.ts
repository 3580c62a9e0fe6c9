import { Module } from '@nestjs/common';
import { ClientFilesController } from './api/client-files.controller';
import { ClientImportController } from './api/client-import.controller';
import { ImportClientsHandler } from './application/commands/import-clients/import-clients.handler';
import { GetImportJobHandler } from './application/queries/get-import-job/get-import-job.handler';
import { IMPORT_JOB_STORE } from './application/services/import-job.store';
import { SqlImportJobStore } from './infrastructure/persistence/sql-import-job.store';
import { ClientsController } from './api/clients.controller';
import { AttachClientFileHandler } from './application/commands/attach-client-file/attach-client-file.handler';
import { DeleteClientFileHandler } from './application/commands/delete-client-file/delete-client-file.handler';
import { GetClientFileLinkHandler } from './application/queries/get-client-file-link/get-client-file-link.handler';
import { ListClientFilesHandler } from './application/queries/list-client-files/list-client-files.handler';
import { CreateClientHandler } from './application/commands/create-client/create-client.handler';
import { DeleteClientHandler } from './application/commands/delete-client/delete-client.handler';
import { MergeClientsHandler } from './application/commands/merge-clients/merge-clients.handler';
import { UpdateClientHandler } from './application/commands/update-client/update-client.handler';
import { FindClientsByContactHandler } from './application/queries/find-clients-by-contact/find-clients-by-contact.handler';
import { GetClientHandler } from './application/queries/get-client/get-client.handler';
import { GetClientSummariesHandler } from './application/queries/get-client-summaries/get-client-summaries.handler';
import { ListClientsHandler } from './application/queries/list-clients/list-clients.handler';
import { ClientPiiCodec } from './application/services/client-pii.codec';
import { ClientsPersonalDataEraser } from './infrastructure/persistence/clients-personal-data.eraser';
import { CLIENT_REPOSITORY } from './domain/client.repository.port';
import { SqlClientRepository } from './infrastructure/persistence/sql-client.repository';
import { CLIENT_FILE_REPOSITORY } from './domain/client-file.repository.port';
import { FileNameCodec } from './application/services/file-name.codec';
import { FileNameBackfill } from './infrastructure/persistence/file-name.backfill';
import { SqlClientFileRepository } from './infrastructure/persistence/sql-client-file.repository';

@Module({
  controllers: [ClientImportController, ClientsController, ClientFilesController],
  providers: [
    ClientPiiCodec,
    ClientsPersonalDataEraser,
    FileNameCodec,
    FileNameBackfill,
    { provide: CLIENT_REPOSITORY, useClass: SqlClientRepository },
    { provide: CLIENT_FILE_REPOSITORY, useClass: SqlClientFileRepository },
    MergeClientsHandler,
    { provide: IMPORT_JOB_STORE, useClass: SqlImportJobStore },
    ImportClientsHandler,
    GetImportJobHandler,
    AttachClientFileHandler,
    DeleteClientFileHandler,
    ListClientFilesHandler,
    GetClientFileLinkHandler,
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
