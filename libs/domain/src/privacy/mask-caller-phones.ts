/**
 * A last guard where news leaves the hub (outbox → NATS → sockets, the catch-up log): every
 * `callerPhone` anywhere in a payload is masked, and a `callerPhoneMasked` beside it says so. Views are
 * masked where they are made; this keeps a payload put together some other way from carrying a full
 * number to another process.
 */
import { maskPhone } from './mask-phone';

type Json = unknown;

function walk(value: Json): Json {
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = key === 'callerPhone' && typeof inner === 'string' ? maskPhone(inner) : walk(inner);
  }
  if ('callerPhoneMasked' in out) out.callerPhoneMasked = true;
  return out;
}

/** A copy of `payload` (plain JSON data) with every caller number masked. */
export function maskCallerPhones<T>(payload: T): T {
  // The walk keeps the shape: objects stay objects with the same keys, arrays arrays, scalars as they were.
  return walk(payload) as T;
}
