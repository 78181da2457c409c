/**
 * Records what became of an attempt: the row, a `paged` entry on the case's timeline (channel, step,
 * status, the provider's words) and the news for the console, in the caller's transaction. A failure
 * (or the page getting the offer while hidden) brings the chain's next step forward to now while the
 * offer stands; a read skips the text steps still waiting.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AttemptStatus, ChannelKind } from '@xiaonao/contracts';
import { movesChainOn, pageBroughtForward, pagesMootAfterRead, type PageState } from '@xiaonao/domain';
import { IncidentStore } from '../incidents/incident-store';
import { MetricsService } from '../ops/metrics.service';
import { Outbox } from '../outbox/outbox';
import type { Sql } from '../persistence/database';
import { toPageView, type PageRow } from './page-store';

export interface PageChange {
  status: AttemptStatus;
  detail?: string | null;
  sentAt?: Date;
  providerRef?: string | null;
  /** When to ask the provider again; null: stop asking. Unchanged when absent. */
  nextCheckAt?: Date | null;
}

@Injectable()
export class PageRecorder {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  async record(tx: Sql, row: PageRow, change: PageChange, now: Date): Promise<PageRow> {
    const [updated] = await tx.query<PageRow>(
      `UPDATE page_attempt SET status = $2, detail = COALESCE($3, detail), sent_at = COALESCE($4, sent_at), provider_ref = COALESCE($5, provider_ref),
              result_at = CASE WHEN $2 IN ('sending', 'sent') THEN result_at ELSE $6 END,
              next_check_at = CASE WHEN $7 THEN $8 ELSE next_check_at END, claimed_by = NULL
       WHERE id = $1 RETURNING *`,
      [row.id, change.status, change.detail ?? null, change.sentAt ?? null, change.providerRef ?? null, now, change.nextCheckAt !== undefined, change.nextCheckAt ?? null],
    );
    // Every outcome passes here once (a send, a provider's later report, a send cut off): the one place to count failures.
    if (change.status === 'failed' || change.status === 'unknown') this.metrics.notifyFailures.inc({ channel: row.channel, status: change.status });
    await this.incidents.record(tx, {
      incidentId: row.incident_id,
      townshipId: row.township_id,
      type: 'paged',
      at: now,
      actor: 'pager',
      workerId: row.worker_id,
      detail: { offerId: row.offer_id, attemptId: row.id, step: row.step, channel: row.channel, status: change.status, ...(updated.detail ? { detail: updated.detail } : {}) },
    });
    await this.outbox.add(tx, row.township_id, 'page.updated', { attempt: toPageView(updated) });
    if (movesChainOn(row.channel, change.status)) await this.bringNextForward(tx, row, now);
    if (change.status === 'read') await this.skipTextAfterRead(tx, row, now);
    return updated;
  }

  /** The next step still waiting for this offer goes now (pageBroughtForward), if the offer still stands. */
  private async bringNextForward(tx: Sql, row: PageRow, now: Date): Promise<void> {
    const next = pageBroughtForward(await this.chainOf(tx, row.offer_id), row.step, now);
    if (next) await tx.query(`UPDATE page_attempt SET due_at = $3 WHERE offer_id = $1 AND step = $2 AND status = 'scheduled'`, [row.offer_id, next.step, now]);
  }

  /** The worker read the offer: the text steps still waiting are not sent (pagesMootAfterRead); a call still may be. */
  private async skipTextAfterRead(tx: Sql, row: PageRow, now: Date): Promise<void> {
    const moot = pagesMootAfterRead(await this.chainOf(tx, row.offer_id));
    if (!moot.length) return;
    await tx.query(
      `UPDATE page_attempt SET status = 'skipped', result_at = $3, detail = '网格员已读，不再发文字提醒 / read already: no more text'
       WHERE offer_id = $1 AND step = ANY($2::int[]) AND status = 'scheduled'`,
      [row.offer_id, moot.map((p) => p.step), now],
    );
  }

  /** The offer's steps as they stand; none while the offer no longer stands (nothing more will be sent). */
  private async chainOf(tx: Sql, offerId: string): Promise<PageState[]> {
    const rows = await tx.query<{ step: number; channel: ChannelKind; status: AttemptStatus; due_at: Date }>(
      `SELECT p.step, p.channel, p.status, p.due_at FROM page_attempt p JOIN offer o ON o.id = p.offer_id
       WHERE p.offer_id = $1 AND o.outcome = 'pending' ORDER BY p.step`,
      [offerId],
    );
    return rows.map((r) => ({ step: r.step, channel: r.channel, status: r.status, dueAt: r.due_at }));
  }
}
