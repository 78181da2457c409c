/** What operators read of paging: a case's attempts, and each worker's reachability. */
import { Inject, Injectable } from '@nestjs/common';
import type { ChannelKind, PageAttemptView, ReachabilityView, SessionUser } from '@xiaonao/contracts';
import { DomainError, isPhoneOnline, reachabilityVerdict } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';
import { CHANNEL_RECORD_MS, CHANNEL_RECORD_SQL } from './channel-record.sql';
import { toPageView, type PageRow } from './page-store';

/** What the channels did for one worker in the last day. */
interface ChannelRecord {
  worker_id: string;
  worked: ChannelKind[] | null;
  failed: ChannelKind[] | null;
}

@Injectable()
export class PageQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async forIncident(user: SessionUser, incidentId: string): Promise<PageAttemptView[]> {
    const rows = await this.db.query<PageRow>('SELECT * FROM page_attempt WHERE incident_id = $1 AND township_id = $2 ORDER BY due_at, step', [incidentId, user.townshipId]);
    if (!rows.length) {
      const [known] = await this.db.query('SELECT 1 FROM incident WHERE id = $1 AND township_id = $2', [incidentId, user.townshipId]);
      if (!known) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
    }
    return rows.map(toPageView);
  }

  /**
   * Reachability of the given workers now: online from the phone's presence, and the channels that
   * delivered (newest first) or only failed in the last day.
   */
  async reachability(
    tx: Sql,
    workers: readonly { id: string; last_seen_at: Date | null; offline_at: Date | null; position_at: Date | null }[],
  ): Promise<Map<string, ReachabilityView>> {
    const now = this.clock.now();
    const records = workers.length
      ? await tx.query<ChannelRecord>(
          `SELECT w.id AS worker_id, p.worked, p.failed FROM unnest($1::uuid[]) AS w(id) CROSS JOIN LATERAL (${CHANNEL_RECORD_SQL('w.id', '$2')}) p`,
          [workers.map((w) => w.id), new Date(now.getTime() - CHANNEL_RECORD_MS)],
        )
      : [];
    const byWorker = new Map(records.map((r) => [r.worker_id, r]));
    return new Map(workers.map((w) => [w.id, reachabilityOf(w, byWorker.get(w.id) ?? NO_RECORD, now)]));
  }
}

const NO_RECORD = { worked: null, failed: null };

/** A worker's reachability from their presence and their channel record (read with them, or by `reachability`). */
export function reachabilityOf(
  w: { last_seen_at: Date | null; offline_at: Date | null; position_at: Date | null },
  record: { worked: ChannelKind[] | null; failed: ChannelKind[] | null },
  now: Date,
): ReachabilityView {
  const worked = record.worked ?? [];
  const failed = (record.failed ?? []).filter((c) => !worked.includes(c));
  const online = isPhoneOnline({ lastSeenAt: w.last_seen_at, offlineAt: w.offline_at, positionAt: w.position_at }, now);
  const seen = [w.last_seen_at, w.position_at].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  return { online, lastSeenAt: seen ? seen.toISOString() : null, workedLately: worked, failedLately: failed, verdict: reachabilityVerdict({ online, workedLately: worked, failedLately: failed }) };
}
