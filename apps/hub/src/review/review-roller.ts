/**
 * Rolls new cases up into the review (review_case, review_daily) in batches after their intake commits
 * (review_pending: migration 1766060000000). A pass takes up to BATCH pending cases (SKIP LOCKED: hubs
 * share the work), locks their rows in id order as the review tap does, recomputes them (idempotent, so a
 * case already counted by later news counts once) and drops their pending rows, all in one transaction.
 *
 * Reviews read after `flush`: whoever asks sees every case committed before the question.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '../persistence/database';
import { REFRESH_REVIEW_SQL } from './review-rollup.sql';

const BATCH = 500;
/** New cases wait at most this long for their roll-up when nobody reads the review meanwhile. */
const PASS_EVERY_MS = 1_000;

@Injectable()
export class ReviewRoller implements OnApplicationShutdown {
  private readonly logger = new Logger('ReviewRoller');
  private rolling: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(Database) private readonly db: Database) {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => this.logger.warn(`review roll-up failed, will retry: ${String(error)}`)), PASS_EVERY_MS);
    this.timer.unref();
  }

  /** Resolves once every case pending when it was called is rolled up (a pass already running is waited for, then one more). */
  async flush(): Promise<void> {
    while (this.rolling) await this.rolling.catch(() => undefined);
    const pass = Database.step('review-roll-up', () => this.drain());
    this.rolling = pass;
    try {
      await pass;
    } finally {
      if (this.rolling === pass) this.rolling = null;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    while (this.rolling) await this.rolling.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const taken = await tx.query<{ incident_id: string }>(
          `DELETE FROM review_pending WHERE incident_id IN (SELECT incident_id FROM review_pending ORDER BY incident_id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING incident_id`,
          [BATCH],
        );
        if (!taken.length) return 0;
        const ids = taken.map((r) => r.incident_id).sort();
        await tx.query('SELECT id FROM incident WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
        await tx.query(REFRESH_REVIEW_SQL, [ids]);
        return ids.length;
      });
      if (done < BATCH) return;
    }
  }
}
