import { useIntDb } from '../../../../test/support/int-db';
import { insertUser } from '../../../../test/support/int-fixtures';
import { LINK_CODE_TTL_MINUTES } from '../application/ports/link-codes.port';
import { SqlLinkCodes } from './sql-link-codes';

describe('SqlLinkCodes on the migrated schema', () => {
  const db = useIntDb();
  const codes = () => new SqlLinkCodes(db().uow);
  let userId: string;

  beforeAll(async () => {
    userId = await insertUser(db(), 'admin');
  });

  it('issues a code kept only as a hash, valid for the TTL, and redeems it once for its own kind of bot', async () => {
    const before = Date.now();
    const { code, expiresAt } = await codes().issue('operators', { userId }, userId);
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    const ttl = new Date(expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan((LINK_CODE_TTL_MINUTES - 1) * 60_000);
    expect(ttl).toBeLessThanOrEqual((LINK_CODE_TTL_MINUTES + 1) * 60_000);
    expect(await db().q(`SELECT 1 FROM telegram_link_codes WHERE code_hash = $1`, [code])).toEqual([]);

    expect(await codes().redeem('suppliers', code)).toBeNull();
    expect(await codes().redeem('operators', ` ${code.toLowerCase()} `)).toEqual({ userId, supplier: null });
    expect(await codes().redeem('operators', code)).toBeNull();
  });

  it('refuses an expired code and a malformed one without a query', async () => {
    const { code } = await codes().issue('suppliers', { supplier: 'Отель Рим' }, null);
    await db().q(
      `UPDATE telegram_link_codes SET expires_at = now() - interval '1 minute' WHERE supplier = 'Отель Рим'`,
    );
    expect(await codes().redeem('suppliers', code)).toBeNull();
    expect(await codes().redeem('suppliers', 'a b')).toBeNull();

    const fresh = await codes().issue('suppliers', { supplier: 'Отель Милан' }, null);
    expect(await codes().redeem('suppliers', fresh.code)).toEqual({ userId: null, supplier: 'Отель Милан' });
  });
});
