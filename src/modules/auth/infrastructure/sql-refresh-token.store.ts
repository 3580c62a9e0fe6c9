import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../shared/domain/uuid';
import { formatRefreshToken, newRefreshSecret } from '../domain/refresh-token';
import type {
  IssuedRefreshToken,
  RefreshTokenRow,
  RefreshTokenStore,
} from '../application/ports/refresh-token.store.port';

@Injectable()
export class SqlRefreshTokenStore implements RefreshTokenStore {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private hash(secret: string): string {
    return createHmac('sha256', this.config.jwt.refreshSecret).update(secret).digest('hex');
  }

  async issue(userId: string, family?: { id: string; expiresAt: Date }): Promise<IssuedRefreshToken> {
    const id = uuidv7();
    const secret = newRefreshSecret();
    const familyId = family?.id ?? id;
    const familyExpiresAt =
      family?.expiresAt ?? new Date(Date.now() + this.config.jwt.refreshAbsoluteTtlSeconds * 1000);
    const expiresAt = new Date(
      Math.min(Date.now() + this.config.jwt.refreshTtlSeconds * 1000, familyExpiresAt.getTime()),
    );
    await this.uow.sql(
      `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, family_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, familyId, userId, this.hash(secret), expiresAt, familyExpiresAt],
    );
    return { id, familyId, token: formatRefreshToken(id, secret) };
  }

  async lock(id: string): Promise<RefreshTokenRow | null> {
    const [row] = await this.uow.rows<RefreshTokenRow>(
      `SELECT id, family_id AS "familyId", user_id AS "userId", token_hash AS "tokenHash",
              expires_at AS "expiresAt", family_expires_at AS "familyExpiresAt",
              used_at AS "usedAt", revoked_at AS "revokedAt"
         FROM refresh_tokens WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  secretMatches(row: RefreshTokenRow, secret: string): boolean {
    const a = Buffer.from(this.hash(secret), 'hex');
    const b = Buffer.from(row.tokenHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async markUsed(id: string, replacedBy: string): Promise<void> {
    await this.uow.sql(`UPDATE refresh_tokens SET used_at = now(), replaced_by = $2 WHERE id = $1`, [
      id,
      replacedBy,
    ]);
  }

  async revokeFamily(familyId: string, reason: string): Promise<number> {
    const r = await this.uow.sql(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2
        WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    );
    return r.rowCount;
  }

  async revokeAllForUser(userId: string, reason: string, exceptFamilyId?: string): Promise<number> {
    const r = await this.uow.sql(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL
          AND ($3::uuid IS NULL OR family_id <> $3::uuid)`,
      [userId, reason, exceptFamilyId ?? null],
    );
    return r.rowCount;
  }
}
