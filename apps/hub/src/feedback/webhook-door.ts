/**
 * The webhook door: one POST per event, signed as Standard Webhooks specifies (webhook-id,
 * webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">) with the
 * `standardwebhooks` library, so the signature is the one every Standard Webhooks verifier checks.
 * Any 2xx is the receiver's acknowledgement of that event id; anything else, or no answer, a failure.
 */
import { Webhook } from 'standardwebhooks';

export interface DoorResult {
  ok: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  status: number | null;
  error: string | null;
}

/** The three headers for one send (a new timestamp each attempt, as the spec has it). */
export function signedWebhookHeaders(secret: string, eventId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}

export async function postWebhook(url: string, secret: string, eventId: string, body: string, timeoutMs: number, at = new Date()): Promise<DoorResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'xiaonao-feedback/1', ...signedWebhookHeaders(secret, eventId, at, body) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    // The receiver's words are kept short in the dead-letter list; the body is read so the socket is freed.
    const text = await res.text().catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status} ${text.slice(0, 200)}`.trim() };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 300) };
  }
}
