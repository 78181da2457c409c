/** A small fetch wrapper for the hub's JSON API: bearer token, ErrorBody errors, 401 handling. */
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

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  /** `headers` add to the defaults, e.g. a queued step's `Idempotency-Key`. */
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
}

export function createApiClient(token: string | null, onUnauthorized: () => void = () => undefined): ApiClient {
  async function send<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, null);
    }
    noteServerDate(response.headers.get('date'));
    const text = await response.text();
    const json: unknown = text ? safeParse(text) : null;
    if (!response.ok) {
      if (response.status === 401 && token) onUnauthorized();
      throw new ApiError(response.status, isErrorBody(json) ? json : null);
    }
    return json as T;
  }

  return {
    get: (path) => send('GET', path),
    post: (path, body, headers) => send('POST', path, body ?? {}, headers),
    put: (path, body) => send('PUT', path, body ?? {}),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
