/**
 * The typed client of the Travel CRM API, generated from openapi.json (`npm run client`).
 *
 *   import { createCrmClient, formDataBody } from './client';
 *   const crm = createCrmClient('http://localhost:3000');
 *   await crm.signIn(email, password);           // keeps both tokens; a 401 refreshes once and retries
 *   const { data: me } = await crm.GET('/api/v1/auth/me');
 *   // files: CSV / 1C / PDF answers are read as text or blob, not JSON
 *   const { data: csv } = await crm.GET('/api/v1/exports/payments', {
 *     params: { query: { format: 'csv', from: '2027-05-01', to: '2027-06-01' } },
 *     parseAs: 'text',
 *   });
 *   // uploads: the multipart body is typed `{ file: Blob }`; formDataBody turns it into FormData
 *   await crm.POST('/api/v1/clients/{id}/documents', {
 *     params: { path: { id } },
 *     body: { file: new File([bytes], 'passport.pdf', { type: 'application/pdf' }) },
 *     bodySerializer: formDataBody,
 *   });
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * `data` is typed from the JSON answers (`application/json`, errors `application/problem+json`);
 * file answers (CSV, 1C, PDF) are read with `parseAs: 'text' | 'blob'`, which types `data` itself.
 */
export type JsonMedia = `${string}/json` | `${string}/${string}+json`;

export interface CrmClient extends Client<paths, JsonMedia> {
  /** Sends `Authorization: Bearer <token>` on every later request (`undefined` to stop). */
  setToken(token: string | undefined): void;
  /** Keeps a token pair: the access token is sent, the refresh token renews it on a 401. */
  setTokens(tokens: TokenPair | undefined): void;
  /** Signs in and keeps the pair; resolves to the problem body on failure. */
  signIn(email: string, password: string): Promise<{ ok: true } | { ok: false; error: unknown }>;
}

export interface CrmClientOptions {
  token?: string;
  refreshToken?: string;
  fetch?: typeof fetch;
  /** Told about every new pair (store it) and about a failed refresh (`undefined`: sign in again). */
  onTokens?: (tokens: TokenPair | undefined) => void;
}

/** `bodySerializer` for multipart operations: every field of the typed body into a FormData. */
export function formDataBody(body: unknown): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) form.append(key, value, value instanceof File ? value.name : key);
    else form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form;
}

const NO_REFRESH = /\/auth\/(login|refresh|logout)$/;

/**
 * Refresh-on-401: a request answered 401 (an expired access token) is retried once after
 * `POST /auth/refresh`; parallel 401s share one refresh (the refresh token is single-use).
 */
function refreshOn401(
  baseUrl: string,
  doFetch: typeof fetch,
  state: { access?: string; refresh?: string },
  onTokens: CrmClientOptions['onTokens'],
): Middleware {
  const pending = new Map<string, Request>();
  let inFlight: Promise<boolean> | null = null;
  const refresh = async (): Promise<boolean> => {
    if (!state.refresh) return false;
    const res = await doFetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: state.refresh }),
    });
    if (!res.ok) {
      state.access = undefined;
      state.refresh = undefined;
      onTokens?.(undefined);
      return false;
    }
    const pair = (await res.json()) as TokenPair;
    state.access = pair.accessToken;
    state.refresh = pair.refreshToken;
    onTokens?.(pair);
    return true;
  };
  return {
    onRequest({ request, id }) {
      if (state.refresh && !NO_REFRESH.test(new URL(request.url).pathname)) pending.set(id, request.clone());
      return undefined;
    },
    async onResponse({ response, id }) {
      const original = pending.get(id);
      pending.delete(id);
      if (response.status !== 401 || !original) return undefined;
      inFlight ??= refresh().finally(() => {
        inFlight = null;
      });
      if (!(await inFlight) || !state.access) return undefined;
      const retry = new Request(original, { headers: new Headers(original.headers) });
      retry.headers.set('Authorization', `Bearer ${state.access}`);
      return doFetch(retry);
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}

export function createCrmClient(baseUrl: string, options: CrmClientOptions = {}): CrmClient {
  const state: { access?: string; refresh?: string } = {
    access: options.token,
    refresh: options.refreshToken,
  };
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const client = createClient<paths, JsonMedia>({ baseUrl, fetch: doFetch }) as CrmClient;
  client.use({
    onRequest({ request }) {
      if (state.access && !request.headers.has('authorization'))
        request.headers.set('Authorization', `Bearer ${state.access}`);
      return request;
    },
  });
  client.use(refreshOn401(baseUrl, doFetch, state, options.onTokens));
  client.setToken = (t) => {
    state.access = t;
  };
  client.setTokens = (pair) => {
    state.access = pair?.accessToken;
    state.refresh = pair?.refreshToken;
  };
  client.signIn = async (email, password) => {
    const r = await client.POST('/api/v1/auth/login', { body: { email, password } });
    if (!r.data) return { ok: false, error: r.error };
    client.setTokens(r.data);
    options.onTokens?.(r.data);
    return { ok: true };
  };
  return client;
}
