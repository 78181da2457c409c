/**
 * A small fetch wrapper for the hub's JSON API: bearer token, ErrorBody errors, 401 handling. With a
 * session (TokenSource) the token is refreshed before it expires, and a request the hub answers 401 is
 * refreshed once and sent again; only a session that cannot be refreshed reaches `onUnauthorized`.
 */
import type { ErrorBody } from '@xiaonao/contracts';
import { locale, t } from './i18n';
import { noteServerDate } from './server-clock';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  /** What to show a person: the hub's message in their language. */
  display(): string {
    if (!this.body) return this.status === 0 ? t('networkError') : `${t('networkError')} (HTTP ${this.status})`;
    return locale() === 'en' ? this.body.messageEn : this.body.message;
  }
}

/** Any thrown value as text for a person to read. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.display();
  return t('networkError');
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'message' in value && 'code' in value;
}

/** Where a client gets its access token (shared/session.ts's LiveSession). */
export interface TokenSource {
  /** A token good for a while yet, refreshed first if it is about to expire; throws ApiError (0 offline, 401 over). */
  accessToken(): Promise<string>;
  /** After the hub refused `refused` with 401: the next token, or null when the session is over. */
  renewAfterRefusal(refused: string): Promise<string | null>;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  /** `headers` add to the defaults, e.g. a queued step's `Idempotency-Key`. */
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** Any request (a multipart upload, a file download) with the session's token and the same one retry after a 401. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** `auth`: a session (refreshed as needed), a fixed token, or null (the sign-in page). */
export function createApiClient(auth: TokenSource | string | null, onUnauthorized: () => void = () => undefined): ApiClient {
  const source: TokenSource | null = typeof auth === 'string' ? fixedToken(auth) : auth;

  /** Sends with the current token; after a 401, once more with a refreshed one. */
  async function authorized(path: string, init: RequestInit): Promise<Response> {
    const attempt = async (token: string | null): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      try {
        return await fetch(path, { ...init, headers });
      } catch {
        throw new ApiError(0, null);
      }
    };
    const token = source ? await source.accessToken() : null;
    const first = await attempt(token);
    noteServerDate(first.headers.get('date'));
    if (first.status !== 401 || !source || !token) return first;
    const next = await source.renewAfterRefusal(token);
    if (next === null) {
      onUnauthorized();
      return first;
    }
    const second = await attempt(next);
    noteServerDate(second.headers.get('date'));
    if (second.status === 401) onUnauthorized();
    return second;
  }

  async function send<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await authorized(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json: unknown = text ? safeParse(text) : null;
    if (!response.ok) throw new ApiError(response.status, isErrorBody(json) ? json : null);
    return json as T;
  }

  return {
    get: (path) => send('GET', path),
    post: (path, body, headers) => send('POST', path, body ?? {}, headers),
    put: (path, body) => send('PUT', path, body ?? {}),
    delete: (path) => send('DELETE', path),
    fetch: (path, init = {}) => authorized(path, init),
  };
}

/** A token that cannot be refreshed: a 401 is final. */
function fixedToken(token: string): TokenSource {
  return { accessToken: () => Promise.resolve(token), renewAfterRefusal: () => Promise.resolve(null) };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
