/**
 * The typed client of the Travel CRM API, generated from openapi.json (`npm run client`).
 *
 *   import { createCrmClient } from './client';
 *   const crm = createCrmClient('http://localhost:3000');
 *   const { data } = await crm.POST('/api/v1/auth/login', { body: { email, password } });
 *   crm.setToken(data!.accessToken);
 *   const { data: me } = await crm.GET('/api/v1/auth/me');
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

export interface CrmClient extends Client<paths> {
  /** Sends `Authorization: Bearer <token>` on every later request (`undefined` to stop). */
  setToken(token: string | undefined): void;
}

export function createCrmClient(
  baseUrl: string,
  options: { token?: string; fetch?: typeof fetch } = {},
): CrmClient {
  let token = options.token;
  const client = createClient<paths>({ baseUrl, fetch: options.fetch }) as CrmClient;
  client.use({
    onRequest({ request }) {
      if (token && !request.headers.has('authorization'))
        request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  client.setToken = (t) => {
    token = t;
  };
  return client;
}
