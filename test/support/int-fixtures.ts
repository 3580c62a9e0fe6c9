import { randomUUID } from 'node:crypto';
import { FieldCipher } from '../../src/shared/crypto/field-cipher';
import { uuidv7 } from '../../src/shared/domain/uuid';
import type { IntDb } from './int-db';

/** A FieldCipher with fixed test keys (the first one current). */
export function testCipher(...ids: string[]): FieldCipher {
  const keys = (ids.length > 0 ? ids : ['k1']).map((id, i) => ({ id, key: Buffer.alloc(32, i + 7) }));
  return new FieldCipher(keys);
}

/** A user row (staff member) for foreign keys; returns its id. */
export async function insertUser(
  db: IntDb,
  role = 'operator',
  fullName = 'Оператор Тестов',
): Promise<string> {
  const id = uuidv7();
  await db.q(
    `INSERT INTO users (id, email, full_name, role, password_hash) VALUES ($1, $2, $3, $4, 'hash')`,
    [id, `${id}@example.com`, fullName, role],
  );
  return id;
}

/** A bare client row (no personal data) for foreign keys; returns its id. */
export async function insertClientRow(db: IntDb, fullName = 'Клиент Тестовый'): Promise<string> {
  const id = uuidv7();
  await db.q(`INSERT INTO clients (id, full_name, search_name) VALUES ($1, $2, lower($2))`, [id, fullName]);
  return id;
}

/** A bare draft order row of `clientId`; returns its id and number. */
export async function insertOrderRow(
  db: IntDb,
  clientId: string,
  opts: { currency?: string; status?: string; number?: string } = {},
): Promise<{ id: string; number: string }> {
  const id = uuidv7();
  const number = opts.number ?? `2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
  await db.q(
    `INSERT INTO orders (id, number, status, currency, client_id, payer_name, traveller_ids, search_text)
     VALUES ($1, $2, $3, $4, $5, 'Плательщик', ARRAY[$5]::uuid[], $2)`,
    [id, number, opts.status ?? 'draft', opts.currency ?? 'RUB', clientId],
  );
  return { id, number };
}

export { randomUUID, uuidv7 };
