import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createDataSource, runMigrationsLocked } from './data-source.factory';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { sharedLaneCount } from './shared-read-lanes';
import { UnitOfWork } from './unit-of-work';

/** The embedded database of this process, or null with DATABASE_URL (backups dump it). */
export const EMBEDDED = Symbol('EMBEDDED_POSTGRES');

/** The TypeORM entities, given by the composition root (`DatabaseModule.forRoot(ENTITIES)`): shared imports no module. */
export const ORM_ENTITIES = Symbol('ORM_ENTITIES');

/**
 * PGlite is one PostgreSQL session. pglite-socket multiplexes connections onto it message by
 * message and only keeps a connection's messages together inside a transaction, so two pooled
 * connections running parameterised queries at once can interleave their Parse/Bind messages
 * (measured: "bind message supplies 2 parameters, but prepared statement requires 1"). The
 * embedded database therefore gets a pool of one: queries queue in the pool instead — PGlite
 * runs one at a time anyway. One spare socket covers a reconnect racing the old socket's close.
 */
const EMBEDDED_POOL_MAX = 1;
const EMBEDDED_MAX_CONNECTIONS = 2;

/**
 * One pool per process (`DB_POOL_MAX`). Without DATABASE_URL the embedded database under
 * DATA_DIR is started first. Pending migrations run before the app listens unless
 * MIGRATIONS_RUN=false.
 */
@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<EmbeddedPostgres | null> =>
        config.databaseUrl ? null : startEmbeddedPostgres(config.dataDir, EMBEDDED_MAX_CONNECTIONS),
    },
    {
      provide: DataSource,
      inject: [APP_CONFIG, EMBEDDED, ORM_ENTITIES],
      useFactory: async (
        config: AppConfig,
        embedded: EmbeddedPostgres | null,
        entities: DataSourceOptions['entities'],
      ): Promise<DataSource> => {
        const ds = createDataSource({
          entities,
          url: embedded?.url ?? config.databaseUrl!,
          poolMax: embedded ? EMBEDDED_POOL_MAX : config.dbPoolMax,
          poolMin: embedded ? EMBEDDED_POOL_MAX : config.dbPoolMin,
          // the embedded database (PGlite behind its socket server) keeps to one statement at a time
          pipeline: !embedded && config.dbPipeline,
          sharedReadLanes: embedded ? 0 : sharedLaneCount(config.dbPoolMax, config.dbPipeline),
          onConnectionError: (err) => new Logger('Database').warn(`pooled connection lost: ${err.message}`),
        });
        await ds.initialize();
        if (config.migrationsRun) {
          const applied = await runMigrationsLocked(ds);
          if (applied.length > 0) {
            new Logger('Database').log(
              `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
            );
          }
        }
        return ds;
      },
    },
    UnitOfWork,
  ],
  exports: [DataSource, UnitOfWork, EMBEDDED],
})
export class DatabaseModule implements OnApplicationShutdown {
  static forRoot(entities: DataSourceOptions['entities']): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: ORM_ENTITIES, useValue: entities }] };
  }

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
    private readonly uow: UnitOfWork,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // the pool ends once every connection is back: the shared read lanes' first
    await this.uow.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) await this.embedded.stop();
  }
}
