/**
 * Idempotency keys of worker steps (the phone's `Idempotency-Key`, one per tap). A key is claimed in
 * the step's own transaction, before the case is locked, and its answer saved in the same transaction:
 * the effect and the receipt commit together or not at all. A concurrent send of the same key waits
 * on the first one's row and then reads its answer; a key seen before answers from the table at once.
 * A failed step keeps no receipt (its transaction rolled back), so a resend is judged afresh.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from '@xiaonao/contracts';
import { canonicalJson, DomainError } from '@xiaonao/domain';
import { Database, type Sql } from '../persistence/database';

/** A step's key and what it asked for; the same key must always ask for the same thing. */
export interface StepKey {
  workerId: string;
  key: string;
  step: string;
  /** null for a step that makes its case (a patrol report). */
  incidentId: string | null;
  fingerprint: string;
}

export interface Replay<T> {
  response: T;
}

/** Checks the header's form; undefined when the request carried none (older clients, the simulator). */
export function parseStepKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new DomainError('INVALID_INPUT', `${IDEMPOTENCY_KEY_HEADER}：须为 8–100 位字母、数字、- 或 _（如 UUID）`, `${IDEMPOTENCY_KEY_HEADER}: 8–100 letters, digits, - or _ (a UUID fits)`, IDEMPOTENCY_KEY_HEADER);
  }
  return key;
}

export function stepKey(workerId: string, key: string, step: string, incidentId: string | null, request: Record<string, unknown>): StepKey {
  const fingerprint = createHash('sha256').update(canonicalJson({ step, incidentId, request })).digest('hex');
  return { workerId, key, step, incidentId, fingerprint };
}

const reused = () =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', `${IDEMPOTENCY_KEY_HEADER}：该键已用于另一操作`, `${IDEMPOTENCY_KEY_HEADER}: this key was used for a different step`, IDEMPOTENCY_KEY_HEADER);

@Injectable()
export class StepReceipts {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** A key already answered, looked up without a transaction (the resend's fast path). */
  async answered<T>(k: StepKey): Promise<Replay<T> | null> {
    const [row] = await this.db.query<{ fingerprint: string; response: T | null }>('SELECT fingerprint, response FROM step_request WHERE worker_id = $1 AND key = $2', [k.workerId, k.key]);
    return row ? this.replayOf(k, row) : null;
  }

  /**
   * Claims the key inside the step's transaction: null when this request is the first (go ahead),
   * else the first request's answer. Call before locking anything else.
   */
  async claim<T>(tx: Sql, k: StepKey): Promise<Replay<T> | null> {
    const inserted = await tx.query('INSERT INTO step_request (worker_id, key, step, incident_id, fingerprint) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1', [
      k.workerId,
      k.key,
      k.step,
      k.incidentId,
      k.fingerprint,
    ]);
    if (inserted.length) return null;
    // The first request committed while this one waited on its row (READ COMMITTED sees it now).
    const [row] = await tx.query<{ fingerprint: string; response: T | null }>('SELECT fingerprint, response FROM step_request WHERE worker_id = $1 AND key = $2', [k.workerId, k.key]);
    if (!row) throw new Error(`step key ${k.key} vanished`);
    return this.replayOf(k, row);
  }

  /** Saves the answer with the step's writes. */
  async save(tx: Sql, k: StepKey, response: unknown): Promise<void> {
    await tx.query('UPDATE step_request SET response = $3 WHERE worker_id = $1 AND key = $2', [k.workerId, k.key, JSON.stringify(response)]);
  }

  async prune(olderThan: Date): Promise<number> {
    const gone = await this.db.query('DELETE FROM step_request WHERE created_at < $1 RETURNING 1', [olderThan]);
    return gone.length;
  }

  private replayOf<T>(k: StepKey, row: { fingerprint: string; response: T | null }): Replay<T> {
    if (row.fingerprint !== k.fingerprint || row.response === null) throw reused();
    return { response: row.response };
  }
}
