import { createCrmClient, type Schemas } from '../../client';

export type { Schemas };

/** problem+json as the API sends it (`detail`, and `errors` naming the fields). */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || `Ошибка ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

const KEY = 'crm.session';
interface Session {
  accessToken: string;
  refreshToken: string;
}

export const session = {
  get(): Session | null {
    try {
      return JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    } catch {
      return null;
    }
  },
  set(s: Session | null): void {
    if (s) localStorage.setItem(KEY, JSON.stringify(s));
    else localStorage.removeItem(KEY);
  },
};

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; a failed refresh ends the session. */
function refreshOnce(): Promise<boolean> {
  refreshing ??= (async () => {
    const s = session.get();
    if (!s) return false;
    const r = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: s.refreshToken }),
    }).catch(() => null);
    if (!r?.ok) return false;
    const pair = (await r.json()) as Session;
    session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export function toLogin(): void {
  session.set(null);
  if (location.pathname !== '/login') {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
}

/** Adds the bearer token; on a 401 refreshes once and retries, else back to the login page. */
async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const send = (req: Request): Promise<Response> => {
    const token = session.get()?.accessToken;
    if (token) req.headers.set('Authorization', `Bearer ${token}`);
    return fetch(req);
  };
  const res = await send(input);
  if (res.status !== 401 || /\/auth\/(login|refresh)$/.test(new URL(input.url).pathname)) return res;
  if (await refreshOnce()) {
    const again = await send(retry);
    if (again.status !== 401) return again;
  }
  toLogin();
  return res;
}

export const api = createCrmClient(location.origin, { fetch: authFetch as typeof fetch });

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) {
    const e = (error ?? {}) as Partial<Problem>;
    throw new ApiError({ ...e, status: response.status });
  }
  return data as T;
}

/** Downloads a protected file (CSV, PDF) with the session's token and saves it. */
export async function downloadAuthorized(path: string, fileName: string): Promise<void> {
  const res = await authFetch(new Request(new URL(path, location.origin)));
  if (!res.ok) throw new ApiError({ status: res.status, detail: await res.text() });
  saveBlob(await res.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  saveUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
