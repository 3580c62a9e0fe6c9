import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { pgCode, UNIQUE_VIOLATION } from '../../../../shared/database/pg-errors';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { EmailTakenError, normaliseEmail, type User } from '../../domain/user';
import type { UserRepository } from '../../domain/user.repository.port';
import { USER_ACCESS_CACHE, type UserAccessCache } from '../../application/ports/user-access-cache.port';
import { UserMapper } from './user.mapper';
import { UserOrmEntity } from './user.orm-entity';

@Injectable()
export class TypeOrmUserRepository implements UserRepository {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(USER_ACCESS_CACHE) private readonly accessCache: UserAccessCache,
  ) {}

  private get repo() {
    return this.uow.manager.getRepository(UserOrmEntity);
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.repo.findOne({ where: { id } });
    return row ? UserMapper.toDomain(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.repo
      .createQueryBuilder('u')
      .where('lower(u.email) = :email AND u.deleted_at IS NULL', { email: normaliseEmail(email) })
      .getOne();
    return row ? UserMapper.toDomain(row) : null;
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async lockInitialAdmin(): Promise<void> {
    if (!this.uow.inTransaction) throw new Error('lockInitialAdmin() needs a transaction');
    await this.uow.sql(`SELECT pg_advisory_xact_lock(hashtext('users.initial-admin'))`);
  }

  async insert(user: User): Promise<void> {
    try {
      await this.repo.insert(UserMapper.toPersistence(user, user.nextVersion));
    } catch (err) {
      throw this.translate(err);
    }
  }

  async update(user: User): Promise<void> {
    const row = UserMapper.toPersistence(user, user.nextVersion);
    let affected: number | undefined;
    try {
      const result = await this.repo
        .createQueryBuilder()
        .update(UserOrmEntity)
        .set({
          email: row.email,
          fullName: row.fullName,
          role: row.role,
          active: row.active,
          passwordHash: row.passwordHash,
          updatedAt: row.updatedAt,
          deletedAt: row.deletedAt,
          version: row.version,
        })
        .where('id = :id AND version = :version', { id: user.id, version: user.version })
        .execute();
      affected = result.affected;
    } catch (err) {
      throw this.translate(err);
    }
    if (affected !== 1) {
      const current = await this.repo.findOne({ where: { id: user.id }, select: { version: true } });
      throw new ConcurrencyError('user', user.id, current?.version ?? null);
    }
    // this process forgets the user as soon as the change commits, before the database's
    // notification (which tells the other replicas) comes back
    this.uow.afterCommit(() => this.accessCache.invalidate(user.id));
  }

  private translate(err: unknown): unknown {
    if (pgCode(err) === UNIQUE_VIOLATION) {
      return new EmailTakenError();
    }
    return err;
  }
}
