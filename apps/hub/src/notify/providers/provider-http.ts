/**
 * One HTTP exchange with a provider, over Node's built-in fetch with a timeout, and what a failure
 * means for a message that costs money and may not be resent: refused before anything left
 * (NotSentError: the adapter resolves `failed`) or lost after the request may have been written
 * (UnknownOutcomeError: the pager records `unknown` and never resends).
 */
import { UnknownOutcomeError } from '../channel';

/** Nothing reached the provider (connection refused, no such host): safe to call it a failure. */
export class NotSentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSentError';
  }
}

/** For `.catch(notSent)`: a send that never left becomes a value, anything else stays thrown. */
export function notSent(error: unknown): NotSentError {
  if (error instanceof NotSentError) return error;
  throw error;
}

export interface ProviderAnswer {
  httpStatus: number;
  /** The parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
}

/** Failures of the connect step: the request was never written. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | null {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return null;
}

/**
 * Sends one request and reads the whole answer. `what` names the call in Chinese for the messages
 * (e.g. 「阿里云短信 SendSms」). A timeout counts as unknown even if it struck while connecting:
 * fetch cannot tell the two apart, and guessing "not sent" could page a worker twice.
 */
export async function exchange(what: string, url: string, init: RequestInit, timeoutMs: number): Promise<ProviderAnswer> {
  let text: string;
  let httpStatus: number;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    httpStatus = res.status;
    text = await res.text();
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new UnknownOutcomeError(`${what} 超时（${timeoutMs} 毫秒）未答复，结果不明 / timed out`);
    }
    const code = causeCode(error);
    if (code && NOT_SENT_CODES.has(code)) throw new NotSentError(`${what} 连接失败（${code}），未发出 / not sent`);
    throw new UnknownOutcomeError(`${what} 连接中断（${code ?? String(error)}），结果不明 / connection lost`);
  }
  try {
    return { httpStatus, body: JSON.parse(text) as unknown };
  } catch {
    return { httpStatus, body: text };
  }
}

/** The object at the top of a JSON answer, or null when it is something else. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function stringField(record: Record<string, unknown> | null, key: string): string | null {
  const value = record?.[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function numberField(record: Record<string, unknown> | null, key: string): number | null {
  const value = record?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function stringList(record: Record<string, unknown> | null, key: string): string[] {
  const value = record?.[key];
  return Array.isArray(value) ? value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String) : [];
}
