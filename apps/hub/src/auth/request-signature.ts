/**
 * The 110 doors' request signature, both sides of it: HMAC-SHA256 with the integration's signing
 * secret over `${timestamp}.${rawBody}`, sent as `x-xiaonao-timestamp: <unix seconds>` and
 * `x-xiaonao-signature: sha256=<hex>`. Pure functions over bytes; the hub's verifier, the test
 * clients, the simulator and the benchmarks all sign and check with this one file.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_HEADER, SIGNATURE_PREFIX, SIGNATURE_TIMESTAMP_HEADER } from '@xiaonao/contracts';

export type SignatureFailure = 'SIGNATURE_MISSING' | 'SIGNATURE_MALFORMED' | 'SIGNATURE_EXPIRED' | 'SIGNATURE_INVALID';

export type SignatureCheck = { ok: true; timestamp: number; digest: string } | { ok: false; failure: SignatureFailure; field: string };

/** What a door read from a request: headers as sent (absent or not), the exact body bytes, and when it arrived. */
export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  receivedAt: Date;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** Hex HMAC-SHA256 over `${timestamp}.` followed by the body's bytes (never re-encoded). */
export function signatureDigest(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

/** The two headers a sender adds; `nowSeconds` defaults to the sender's wall clock. */
export function signatureHeaders(secret: string, rawBody: Buffer | string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    [SIGNATURE_TIMESTAMP_HEADER]: String(nowSeconds),
    [SIGNATURE_HEADER]: SIGNATURE_PREFIX + signatureDigest(secret, nowSeconds, rawBody),
  };
}

/**
 * The secret of an integration whose seed gives none: derived from the key so tests and the demo need
 * no second value. Derived from the key's SHA-256 (what `api_key.key_hash` holds) so the migration can
 * give existing keys the same secret in SQL. Anyone holding the key can sign: production sets its own.
 */
export function defaultSigningSecret(apiKey: string): string {
  const keyHash = createHash('sha256').update(apiKey, 'utf8').digest('hex');
  return createHash('sha256').update(`xiaonao-signing-v1:${keyHash}`, 'utf8').digest('hex');
}

/**
 * Checks one request: both headers present and well formed, the timestamp within `windowSeconds` of
 * `receivedAt` either way, the digest equal in constant time. Says which header failed.
 */
export function checkSignature(secret: string, req: SignedRequest, windowSeconds: number): SignatureCheck {
  if (req.timestamp === undefined || req.timestamp === '') return { ok: false, failure: 'SIGNATURE_MISSING', field: SIGNATURE_TIMESTAMP_HEADER };
  if (req.signature === undefined || req.signature === '') return { ok: false, failure: 'SIGNATURE_MISSING', field: SIGNATURE_HEADER };
  if (!UNIX_SECONDS.test(req.timestamp)) return { ok: false, failure: 'SIGNATURE_MALFORMED', field: SIGNATURE_TIMESTAMP_HEADER };
  const presented = req.signature.startsWith(SIGNATURE_PREFIX) ? req.signature.slice(SIGNATURE_PREFIX.length).toLowerCase() : '';
  if (!HEX_DIGEST.test(presented)) return { ok: false, failure: 'SIGNATURE_MALFORMED', field: SIGNATURE_HEADER };
  const timestamp = Number(req.timestamp);
  if (Math.abs(req.receivedAt.getTime() / 1000 - timestamp) > windowSeconds) return { ok: false, failure: 'SIGNATURE_EXPIRED', field: SIGNATURE_TIMESTAMP_HEADER };
  const expected = Buffer.from(signatureDigest(secret, req.timestamp, req.rawBody), 'hex');
  // Both are 32 bytes here (checked above), as timingSafeEqual requires.
  if (!timingSafeEqual(expected, Buffer.from(presented, 'hex'))) return { ok: false, failure: 'SIGNATURE_INVALID', field: SIGNATURE_HEADER };
  return { ok: true, timestamp, digest: presented };
}
