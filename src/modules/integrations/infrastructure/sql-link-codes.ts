import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { LINK_CODE_TTL_MINUTES, LinkCodes } from '../application/ports/link-codes.port';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const hash = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** {@link LinkCodes} on PostgreSQL (`telegram_link_codes`). */
@Injectable()
export class SqlLinkCodes extends LinkCodes {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async issue(
    purpose: 'operators' | 'suppliers',
    target: { userId?: string; supplier?: string },
    createdBy: string | null,
  ): Promise<{ code: string; expiresAt: string }> {
    const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const [r] = await this.uow.rows<{ expires_at: Date }>(
      `INSERT INTO telegram_link_codes (code_hash, purpose, user_id, supplier, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING expires_at`,
      [hash(code), purpose, target.userId ?? null, target.supplier ?? null, createdBy, LINK_CODE_TTL_MINUTES],
    );
    return { code, expiresAt: r.expires_at.toISOString() };
  }

  /** Uses a code up; null when unknown, used, expired or meant for the other kind of bot. */
  async redeem(
    purpose: 'operators' | 'suppliers',
    code: string,
  ): Promise<{ userId: string | null; supplier: string | null } | null> {
    if (!/^[A-Za-z0-9]{6,20}$/.test(code.trim())) return null;
    const [r] = await this.uow.rows<{ user_id: string | null; supplier: string | null }>(
      `UPDATE telegram_link_codes SET used_at = now()
        WHERE code_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, supplier`,
      [hash(code), purpose],
    );
    return r ? { userId: r.user_id, supplier: r.supplier } : null;
  }
}
