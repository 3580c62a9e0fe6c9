import { randomBytes } from 'node:crypto';
import type { FakeGraph } from './fake-graph';
import { ADMIN_PASSWORD, type TestApp } from './test-app';

/** A WhatsApp number as the tests hold it: its integration and the secrets Meta would have. */
export interface WhatsAppNumber {
  id: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

/**
 * Adds a WhatsApp number of `graph` as a sales integration through the settings API (as the admin,
 * who confirms with the password) and switches it on. `extra` goes into the add request's body.
 */
export async function addWhatsAppNumber(
  t: TestApp,
  graph: FakeGraph,
  extra: Record<string, unknown> = {},
): Promise<WhatsAppNumber> {
  const { phoneNumberId, accessToken } = graph.addNumber();
  const appSecret = randomBytes(16).toString('hex');
  const verifyToken = `verify-${randomBytes(12).toString('hex')}`;
  const r = await t.admin.POST('/api/v1/settings/integrations/add', {
    body: {
      type: 'whatsapp',
      purpose: 'sales',
      botName: 'Агентство WhatsApp',
      phoneNumberId,
      accessToken,
      appSecret,
      verifyToken,
      adminPassword: ADMIN_PASSWORD,
      ...extra,
    },
  });
  if (r.response.status !== 201) throw new Error(`add failed: ${JSON.stringify(r.error)}`);
  const on = await t.admin.POST('/api/v1/settings/integrations/activate', {
    body: { id: r.data!.id, active: true },
  });
  if (!on.data?.isActive) throw new Error(`activate failed: ${JSON.stringify(on.error)}`);
  return { id: r.data!.id, phoneNumberId, accessToken, appSecret, verifyToken };
}
