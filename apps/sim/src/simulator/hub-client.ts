/**
 * The simulator's one door to the hub's REST API. It never throws: a refused step (4xx), a hub error
 * (5xx) or a dropped connection (status 0) comes back as a value, so callers log it and move on.
 */
import { API_KEY_HEADER, type ErrorBody } from '@xiaonao/contracts';
import { signatureHeaders } from '../../../hub/src/auth/request-signature';

export type HubResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string; message: string };

export interface HubAuth {
  token?: string;
  apiKey?: string;
  /** Signs the exact body sent (the 110 doors require it; docs/intake-110.md). */
  signingSecret?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

export class HubClient {
  constructor(
    private readonly baseUrl: string,
    /** Aborted when the simulator stops, so no request outlives it. */
    private readonly stopSignal: AbortSignal,
  ) {}

  get<T>(path: string, auth: HubAuth): Promise<HubResult<T>> {
    return this.request<T>('GET', path, auth, undefined);
  }

  post<T>(path: string, body: unknown, auth: HubAuth): Promise<HubResult<T>> {
    return this.request<T>('POST', path, auth, body);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, auth: HubAuth, body: unknown): Promise<HubResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = body === undefined ? undefined : JSON.stringify(body);
    if (raw !== undefined) headers['content-type'] = 'application/json';
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.apiKey) headers[API_KEY_HEADER] = auth.apiKey;
    if (auth.signingSecret) Object.assign(headers, signatureHeaders(auth.signingSecret, raw ?? ''));
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: raw,
        signal: AbortSignal.any([this.stopSignal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
    } catch (error) {
      return { ok: false, status: 0, code: 'NETWORK', message: error instanceof Error ? error.message : String(error) };
    }
    let parsed: unknown = null;
    try {
      const text = await response.text();
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // A body that is not JSON (a proxy's HTML error page) still has a status worth reporting.
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    return {
      ok: false,
      status: response.status,
      code: isErrorBody(parsed) ? parsed.code : `HTTP_${response.status}`,
      message: isErrorBody(parsed) ? parsed.message : response.statusText,
    };
  }
}

export function describeFailure(result: { status: number; code: string; message: string }): string {
  return result.status === 0 ? `hub unreachable (${result.message})` : `${result.status} ${result.code}: ${result.message}`;
}
