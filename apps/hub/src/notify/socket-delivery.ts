/**
 * The phone page's own part of the chain: its socket opening and closing (who is online, for the
 * chain and for reachability), and its word that an offer reached the screen (`offer.seen`).
 */
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import type { PageRow } from './page-store';
import { PageRecorder } from './page-recorder';

@Injectable()
export class SocketDelivery {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PageRecorder) private readonly recorder: PageRecorder,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async connected(workerId: string): Promise<void> {
    await this.db.query('UPDATE worker SET last_seen_at = $2, offline_at = NULL WHERE id = $1', [workerId, this.clock.now()]);
  }

  /** The worker's last socket on this process closed. */
  async disconnected(workerId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.query('UPDATE worker SET last_seen_at = $2, offline_at = $2 WHERE id = $1', [workerId, now]);
  }

  /** The page shows the offer (visible: in front; else it arrived while the page was hidden). */
  async seen(workerId: string, offerId: string, visible: boolean): Promise<boolean> {
    const now = this.clock.now();
    const recorded = await this.db.transaction(async (tx) => {
      await tx.query('UPDATE worker SET last_seen_at = $2, offline_at = NULL WHERE id = $1', [workerId, now]);
      const [row] = await tx.query<PageRow>(
        `SELECT * FROM page_attempt WHERE offer_id = $1 AND worker_id = $2 AND channel = 'socket' AND status IN ('sent', 'failed', 'delivered') FOR UPDATE`,
        [offerId, workerId],
      );
      if (!row) return false;
      const status = visible ? 'read' : 'delivered';
      if (row.status === status) return false;
      await this.recorder.record(tx, row, { status, detail: visible ? '页面在前台显示 / shown on screen' : '页面在后台收到 / received in the background' }, now);
      return true;
    });
    if (recorded) this.outbox.kick();
    return recorded;
  }
}
