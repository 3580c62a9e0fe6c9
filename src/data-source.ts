import 'reflect-metadata';
import { ENTITIES } from './app.entities';
import { ConfigError } from './config/app-config';
import { configFromEnvironment } from './config/env';
import { createDataSource } from './shared/database/data-source.factory';

/**
 * The data source for the TypeORM CLI (`npm run migration:*`). It needs DATABASE_URL: the
 * embedded database applies migrations itself when the app starts.
 */
const config = configFromEnvironment();
if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for migration commands');

export default createDataSource({
  url: config.databaseUrl,
  poolMax: 2,
  applicationName: 'travel-crm-migrations',
  entities: ENTITIES,
});
