/**
 * The append-only log of who looked at whose personal data (table personal_data_access; PostgreSQL
 * refuses to change or delete its rows). An entry is written in the same transaction as the read it
 * records where there is one, so a reveal that is answered is a reveal that is logged.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { PersonalDataAccessPage, PersonalDataAccessView, PersonalDataAction, PersonalDataSubject, Role } from '@xiaonao/contracts';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';
import type { AccessRequester } from './access-request';

export interface AccessEntry {
  requester: AccessRequester;
  action: PersonalDataAction;
  subject: { kind: PersonalDataSubject; id: string };
  reason: string | null;
  detail?: Record<string, unknown>;
}

interface AccessRow {
  id: string;
  township_id: string;
  at: Date;
  actor_user_id: string;
  actor_username: string;
  actor_role: Role;
  action: PersonalDataAction;
  subject_kind: PersonalDataSubject;
  subject_id: string;
  reason: string | null;
  remote_address: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

function toView(r: AccessRow): PersonalDataAccessView {
  return {
    id: String(r.id),
    townshipId: r.township_id,
    at: r.at.toISOString(),
    actor: { userId: r.actor_user_id, username: r.actor_username, role: r.actor_role },
    action: r.action,
    subject: { kind: r.subject_kind, id: r.subject_id },
    reason: r.reason,
    remoteAddress: r.remote_address,
    requestId: r.request_id,
    detail: r.detail,
  };
}

export const ACCESS_PAGE_DEFAULT = 50;
export const ACCESS_PAGE_MAX = 200;

@Injectable()
export class PersonalDataAccessLog {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Appends one entry in the caller's transaction (or on its own); returns its id. */
  async record(tx: Sql, e: AccessEntry): Promise<string> {
    const { user, remoteAddress, requestId } = e.requester;
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO personal_data_access (township_id, at, actor_user_id, actor_username, actor_role, action, subject_kind, subject_id, reason, remote_address, request_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [user.townshipId, this.clock.now(), user.id, user.username, user.role, e.action, e.subject.kind, e.subject.id, e.reason, remoteAddress, requestId, JSON.stringify(e.detail ?? {})],
    );
    if (!row) throw new Error('access log entry not written');
    return String(row.id);
  }

  /** The township's entries, newest first, `limit` at a time, older than `before` (an entry id) when given. */
  async page(townshipId: string, before: string | undefined, limit = ACCESS_PAGE_DEFAULT): Promise<PersonalDataAccessPage> {
    const rows = await this.db.query<AccessRow>(
      `SELECT * FROM personal_data_access WHERE township_id = $1 ${before ? 'AND id < $3' : ''} ORDER BY id DESC LIMIT $2`,
      before ? [townshipId, limit + 1, before] : [townshipId, limit + 1],
    );
    const entries = rows.slice(0, limit).map(toView);
    return { entries, nextBefore: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null };
  }
}
