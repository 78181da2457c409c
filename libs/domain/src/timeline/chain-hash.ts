/**
 * The hash chain over a case's timeline. Each event is serialised the same way everywhere (server,
 * migration, browser, an auditor's script) and hashed together with the hash before it, so that an
 * event edited, removed or moved after the fact no longer fits the chain.
 *
 * SHA-256 comes from @noble/hashes rather than node:crypto: this module is bundled into the pages too.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { EventSource, TimelineType } from '@xiaonao/contracts';

/** The "previous hash" of every case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What of an event the chain vouches for. `at` may be a Date or any string `Date` parses. */
export interface ChainEvent {
  incidentId: string;
  /** 1, 2, 3 … per case, without gaps. */
  seq: number;
  type: TimelineType;
  at: Date | string;
  actor: string;
  source: EventSource;
  workerId: string | null;
  lng: number | null;
  lat: number | null;
  detail: Readonly<Record<string, unknown>>;
}

/** An event as stored: with the hash it was linked to and its own. */
export interface ChainedEvent extends ChainEvent {
  prevHash: string;
  hash: string;
}

/** What the incident row says about its chain: how many events, and the hash of the last. */
export interface ChainAnchor {
  count: number;
  lastHash: string | null;
}

/**
 * JSON with object keys sorted (UTF-16 code-unit order) at every depth and no whitespace: the JSON
 * Canonicalization Scheme of RFC 8785 for the values JSON can hold. The value is first passed through
 * JSON itself, so a detail hashes exactly as PostgreSQL's jsonb gives it back (undefined keys dropped,
 * Dates as ISO strings).
 */
export function canonicalJson(value: unknown): string {
  const plain: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return write(plain);
}

function write(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The stable text of one event: every field the chain covers, `at` as an ISO-8601 UTC string. */
export function canonicalEvent(e: ChainEvent): string {
  return canonicalJson({
    incidentId: e.incidentId,
    seq: e.seq,
    type: e.type,
    at: new Date(e.at).toISOString(),
    actor: e.actor,
    source: e.source,
    workerId: e.workerId,
    lng: e.lng,
    lat: e.lat,
    detail: e.detail,
  });
}

/** Hex SHA-256 of the previous hash followed by the event's canonical text. */
export function chainHash(prevHash: string, e: ChainEvent): string {
  return bytesToHex(sha256(utf8ToBytes(prevHash + canonicalEvent(e))));
}

/** The next event of the chain the anchor describes, with its seq and both hashes; the anchor after it is `{ count: seq, lastHash: hash }`. */
export function linkEvent(anchor: ChainAnchor, e: Omit<ChainEvent, 'seq'>): ChainedEvent {
  const event: ChainEvent = { ...e, seq: anchor.count + 1 };
  const prevHash = anchor.lastHash ?? GENESIS_HASH;
  return { ...event, prevHash, hash: chainHash(prevHash, event) };
}
