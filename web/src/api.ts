import { createCrmClient, type Schemas } from '../../client';
import { problemMessageRu } from './errors-ru';

export type { Schemas };

/** problem+json as the API sends it (`detail`, and `errors` naming the fields). */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

/** A failed request; `message` is always Russian (errors-ru.ts), `problem` keeps the server's words. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problemMessageRu(problem));
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

export function toLogin(): void {
  session.set(null);
  if (location.pathname !== '/login') {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
}

const stored = session.get();

/**
 * The generated client with its refresh-token handling: a 401 refreshes once and retries; when
 * the refresh fails too, the session ends and the login page opens.
 */
export const api = createCrmClient(location.origin, {
  // never the browser's HTTP cache: API answers carry ETag (= version) without Vary: Authorization,
  // so a revalidated 304 would hand one user's cached body (e.g. an admin's passports) to the next
  fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
  token: stored?.accessToken,
  refreshToken: stored?.refreshToken,
  onTokens: (pair) => {
    if (pair) session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    else toLogin();
  },
});

export function signOut(): void {
  api.setTokens(undefined);
  session.set(null);
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) {
    const e = (error ?? {}) as Partial<Problem>;
    // still 401 after the client's one refresh: the session is over
    if (
      response.status === 401 &&
      !/\/auth\/(login|change-password)$/.test(new URL(response.url || location.href).pathname)
    )
      toLogin();
    throw new ApiError({ ...e, status: response.status });
  }
  return data as T;
}

/** Saves a file answer (CSV, 1C, PDF read with `parseAs: 'blob'`). */
export async function saveFile(
  p: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fileName: string,
): Promise<void> {
  const data = await ok(p);
  saveBlob(data instanceof Blob ? data : new Blob([String(data)]), fileName);
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
