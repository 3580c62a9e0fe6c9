import { resolve } from 'node:path';

/**
 * Where the migrations live: compiled next to the app in `dist/migrations` when running
 * from `dist/`, the TypeScript sources in `migrations/` under ts-jest / ts-node.
 */
export const MIGRATIONS_GLOB: string = __filename.endsWith('.ts')
  ? resolve(__dirname, '../../../migrations/*.ts')
  : resolve(__dirname, '../../migrations/*.js');
