import { useIntDb } from '../../../../test/support/int-db';
import type { AppConfig } from '../../../config/app-config';
import { uuidv7 } from '../../../shared/domain/uuid';
import { parseRefreshToken } from '../domain/refresh-token';
import { SqlRefreshTokenStore } from './sql-refresh-token.store';

const config = {
  jwt: {
    refreshSecret: 'int-spec-refresh-secret',
    refreshTtlSeconds: 3600,
    refreshAbsoluteTtlSeconds: 86400,
  },
} as AppConfig;

describe('SqlRefreshTokenStore on the migrated schema', () => {
  const db = useIntDb();
  const store = () => new SqlRefreshTokenStore(db().uow, config);
  let userId: string;

  beforeAll(async () => {
    userId = uuidv7();
    await db().q(
      `INSERT INTO users (id, email, full_name, role, password_hash) VALUES ($1, $2, 'Токен', 'operator', 'h')`,
      [userId, `rt-${userId}@example.com`],
    );
  });

  it('issues an opaque token whose secret is stored only as an HMAC, and locks the row back', async () => {
    const issued = await store().issue(userId);
    expect(issued.familyId).toBe(issued.id);
    const parsed = parseRefreshToken(issued.token)!;
    expect(parsed.id).toBe(issued.id);
    const row = await db().tx(() => store().lock(issued.id));
    expect(row).toMatchObject({ id: issued.id, familyId: issued.id, userId, usedAt: null, revokedAt: null });
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(parsed.secret);
    expect(store().secretMatches(row!, parsed.secret)).toBe(true);
    expect(store().secretMatches(row!, parsed.secret.replace(/.$/, 'x'))).toBe(false);
    // the token expires after refreshTtl, the family after the absolute ttl
    const ttl = (row!.expiresAt.getTime() - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(row!.familyExpiresAt.getTime() - Date.now()).toBeGreaterThan(86000 * 1000);
    expect(await store().lock(uuidv7())).toBeNull();
  });

  it('rotates within a family: the child never outlives the family, the parent is marked used', async () => {
    const parent = await store().issue(userId);
    const familyExpiresAt = new Date(Date.now() + 60_000);
    const child = await store().issue(userId, { id: parent.familyId, expiresAt: familyExpiresAt });
    expect(child.familyId).toBe(parent.familyId);
    await store().markUsed(parent.id, child.id);
    const p = (await store().lock(parent.id))!;
    expect(p.usedAt).toBeInstanceOf(Date);
    const c = (await store().lock(child.id))!;
    expect(c.expiresAt.getTime()).toBe(familyExpiresAt.getTime());
    const [{ replaced_by }] = await db().q<{ replaced_by: string }>(
      `SELECT replaced_by FROM refresh_tokens WHERE id = $1`,
      [parent.id],
    );
    expect(replaced_by).toBe(child.id);
  });

  it('revokes a whole family once (a second revocation counts nothing)', async () => {
    const a = await store().issue(userId);
    const b = await store().issue(userId, { id: a.familyId, expiresAt: new Date(Date.now() + 60_000) });
    const other = await store().issue(userId);
    expect(await store().revokeFamily(a.familyId, 'reuse')).toBe(2);
    expect(await store().revokeFamily(a.familyId, 'reuse')).toBe(0);
    expect((await store().lock(b.id))!.revokedAt).toBeInstanceOf(Date);
    expect((await store().lock(other.id))!.revokedAt).toBeNull();
    const [{ revoked_reason }] = await db().q<{ revoked_reason: string }>(
      `SELECT revoked_reason FROM refresh_tokens WHERE id = $1`,
      [a.id],
    );
    expect(revoked_reason).toBe('reuse');
  });

  it('revokes every live unused token of a user except one family', async () => {
    const u = uuidv7();
    await db().q(
      `INSERT INTO users (id, email, full_name, role, password_hash) VALUES ($1, $2, 'Два', 'operator', 'h')`,
      [u, `rt-${u}@example.com`],
    );
    const keep = await store().issue(u);
    const drop1 = await store().issue(u);
    const used = await store().issue(u);
    await store().markUsed(used.id, drop1.id);
    expect(await store().revokeAllForUser(u, 'password changed', keep.familyId)).toBe(1);
    expect((await store().lock(keep.id))!.revokedAt).toBeNull();
    expect((await store().lock(drop1.id))!.revokedAt).toBeInstanceOf(Date);
    expect((await store().lock(used.id))!.revokedAt).toBeNull();
    expect(await store().revokeAllForUser(u, 'signed out everywhere')).toBe(1);
    expect((await store().lock(keep.id))!.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses a token for an unknown user (foreign key)', async () => {
    await expect(store().issue(uuidv7())).rejects.toThrow(/foreign key/);
  });
});
