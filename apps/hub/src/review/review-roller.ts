/**
 * Rolls cases marked pending by the review tap (review_pending: migration 1766060000000) up into the
 * review (review_case, review_daily) in batches after their news commits. A pass locks up to BATCH of
 * their cases in id order (the pass every second skips those a use case holds: their turn comes next), drops their
 * pending rows and recomputes them (idempotent), in one transaction. Case row first, pending row second,
 * as a use case does (it holds its case, then marks it): the two never wait on each other in a circle.
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
    this.timer = setInterval(() => void this.roll(true).catch((error: unknown) => this.logger.warn(`review roll-up failed, will retry: ${String(error)}`)), PASS_EVERY_MS);
    this.timer.unref();
  }

  /** Resolves once every case pending when it was called is rolled up (a pass already running is waited for, then one more). */
  flush(): Promise<void> {
    // A reader waits for a case a use case holds: its pending news committed before the question.
    return this.roll(false);
  }

  private async roll(skipHeld: boolean): Promise<void> {
    while (this.rolling) await this.rolling.catch(() => undefined);
    const pass = Database.step('review-roll-up', () => this.drain(skipHeld));
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

  private async drain(skipHeld: boolean): Promise<void> {
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const held = await tx.query<{ id: string }>(
          `SELECT i.id FROM incident i WHERE i.id IN (SELECT incident_id FROM review_pending ORDER BY incident_id LIMIT $1) ORDER BY i.id FOR UPDATE OF i ${skipHeld ? 'SKIP LOCKED' : ''}`,
          [BATCH],
        );
        if (!held.length) return { taken: 0, full: false };
        const ids = held.map((r) => r.id);
        await tx.query('DELETE FROM review_pending WHERE incident_id = ANY($1::uuid[])', [ids]);
        await tx.query(REFRESH_REVIEW_SQL, [ids]);
        return { taken: ids.length, full: ids.length === BATCH };
      });
      if (!done.full) return;
    }
  }
}
