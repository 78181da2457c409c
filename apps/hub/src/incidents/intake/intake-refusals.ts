/**
 * The log of refused 110 requests (intake_refusal): every door writes what it refused and why, so the
 * command room can see a bridge with a wrong clock, a replay, a police matter sent back. Recording
 * never fails the answer: if the database is down, the refusal is logged here instead.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ErrorBody, IntakeRefusalView } from '@xiaonao/contracts';
import { storableText } from '@xiaonao/domain';
import type { Integration } from '../../auth/session';
import { Database } from '../../persistence/database';

export interface Refusal {
  door: string;
  answer: ErrorBody;
  integration: Integration | null;
  /** The township of a signed-in sender (operator, worker) when no integration is known. */
  townshipId?: string | null;
  caseNo: string | null;
  remoteAddress: string | null;
}

interface RefusalRow {
  id: string;
  at: Date;
  door: string;
  integration: string | null;
  code: string;
  field: string | null;
  case_no: string | null;
  message: string;
  remote_address: string | null;
}

const storable = (text: string | null | undefined) => (text == null ? null : storableText(text));

@Injectable()
export class IntakeRefusals {
  private readonly logger = new Logger('IntakeRefusals');

  constructor(@Inject(Database) private readonly db: Database) {}

  async record(r: Refusal): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO intake_refusal (township_id, api_key_id, integration, door, code, field, case_no, message, remote_address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        // What was refused may hold NUL or lone surrogates (in a case number, a key named as the field): stored as U+FFFD.
        // A region account has no township ('' in its session): its refusal is filed under none.
        [r.integration?.townshipId || r.townshipId || null, r.integration?.apiKeyId ?? null, r.integration?.name ?? null, r.door, r.answer.code, storable(r.answer.field), storable(r.caseNo), storableText(r.answer.message), r.remoteAddress],
      );
    } catch (error) {
      this.logger.warn(`refusal not recorded (${r.door} ${r.answer.code} ${r.caseNo ?? ''}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async recent(townshipId: string, limit = 200): Promise<IntakeRefusalView[]> {
    const rows = await this.db.query<RefusalRow>(
      `SELECT id, at, door, integration, code, field, case_no, message, remote_address FROM intake_refusal
       WHERE township_id = $1 ORDER BY at DESC LIMIT $2`,
      [townshipId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      door: r.door,
      integration: r.integration,
      code: r.code,
      field: r.field,
      caseNo: r.case_no,
      message: r.message,
      remoteAddress: r.remote_address,
    }));
  }
}
