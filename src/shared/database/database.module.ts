import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createDataSource } from './data-source.factory';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { UnitOfWork } from './unit-of-work';

const EMBEDDED = Symbol('EMBEDDED_POSTGRES');

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
        config.databaseUrl ? null : startEmbeddedPostgres(config.dataDir, config.dbPoolMax),
    },
    {
      provide: DataSource,
      inject: [APP_CONFIG, EMBEDDED],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgres | null): Promise<DataSource> => {
        const ds = createDataSource({ url: embedded?.url ?? config.databaseUrl!, poolMax: config.dbPoolMax });
        await ds.initialize();
        if (config.migrationsRun) {
          const applied = await ds.runMigrations({ transaction: 'each' });
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
  exports: [DataSource, UnitOfWork],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) await this.embedded.stop();
  }
}
