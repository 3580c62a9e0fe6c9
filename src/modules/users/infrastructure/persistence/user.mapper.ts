import type { Role } from '../../../../shared/domain/actor';
import { User } from '../../domain/user';
import { UserOrmEntity } from './user.orm-entity';

export const UserMapper = {
  toDomain(row: UserOrmEntity): User {
    return User.reconstitute(row.id, row.version, {
      email: row.email,
      fullName: row.fullName,
      role: row.role as Role,
      active: row.active,
      passwordHash: row.passwordHash,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      deletedAt: row.deletedAt,
    });
  },
  toPersistence(user: User, version: number): UserOrmEntity {
    const p = user.snapshot();
    return Object.assign(new UserOrmEntity(), {
      id: user.id,
      email: p.email,
      fullName: p.fullName,
      role: p.role,
      active: p.active,
      passwordHash: p.passwordHash,
      version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      deletedAt: p.deletedAt,
    });
  },
};
