import { UserOrmEntity } from './modules/users/infrastructure/persistence/user.orm-entity';

/** Every TypeORM entity of the application (tables without one are reached through SQL). */
export const ENTITIES = [UserOrmEntity];
