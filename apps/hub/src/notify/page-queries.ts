/** What operators read of paging: a case's attempts, and each worker's reachability. */
import { Inject, Injectable } from '@nestjs/common';
import type { ChannelKind, PageAttemptView, ReachabilityView, SessionUser } from '@xiaonao/contracts';
import { DomainError, isPhoneOnline, reachabilityVerdict } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';
import { toPageView, type PageRow } from './page-store';

/** What the channels did for one worker in the last day. */
interface ChannelRecord {
  worker_id: string;
  worked: ChannelKind[] | null;
  failed: ChannelKind[] | null;
}

const WORKED = `ARRAY['delivered', 'read', 'answered']`;

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
          `SELECT worker_id,
                  array_agg(DISTINCT channel) FILTER (WHERE status = ANY(${WORKED})) AS worked,
                  array_agg(DISTINCT channel) FILTER (WHERE status = 'failed') AS failed
           FROM page_attempt WHERE worker_id = ANY($1::uuid[]) AND result_at > $2 AND channel <> 'socket'
           GROUP BY worker_id`,
          [workers.map((w) => w.id), new Date(now.getTime() - 24 * 3_600_000)],
        )
      : [];
    const byWorker = new Map(records.map((r) => [r.worker_id, r]));
    const out = new Map<string, ReachabilityView>();
    for (const w of workers) {
      const record = byWorker.get(w.id);
      const worked = record?.worked ?? [];
      const failed = (record?.failed ?? []).filter((c) => !worked.includes(c));
      const online = isPhoneOnline({ lastSeenAt: w.last_seen_at, offlineAt: w.offline_at, positionAt: w.position_at }, now);
      const seen = [w.last_seen_at, w.position_at].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
      out.set(w.id, { online, lastSeenAt: seen ? seen.toISOString() : null, workedLately: worked, failedLately: failed, verdict: reachabilityVerdict({ online, workedLately: worked, failedLately: failed }) });
    }
    return out;
  }
}
