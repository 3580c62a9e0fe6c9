import type { CrmClient } from '../../client';
import type { Role } from '../../src/shared/domain/actor';
import type { TestApp } from './test-app';

/** A user of `role` with both the typed client and the raw bearer token (for multipart requests). */
export async function userWithToken(t: TestApp, role: Role): Promise<{ client: CrmClient; token: string }> {
  const u = await t.userClient(role);
  const login = await t
    .client()
    .POST('/api/v1/auth/login', { body: { email: u.email, password: u.password } });
  return { client: u.client, token: login.data!.accessToken };
}

/** POSTs one file as multipart/form-data field `field` (default `file`). */
export async function postFile(
  t: TestApp,
  token: string,
  path: string,
  file: { bytes: Buffer | string; name: string; type?: string },
  field = 'file',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- problem or entity, read loosely by tests
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  const blob = new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)], {
    type: file.type ?? 'application/octet-stream',
  });
  form.append(field, blob, file.name);
  const res = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

export const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(50_000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(1000, 1),
]);
