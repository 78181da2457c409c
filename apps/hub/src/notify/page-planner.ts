/**
 * Plans an offer's notifier chain in the offer's own transaction: one page_attempt per step of the
 * township's chain for the case's category and the hour (planPages). The socket step is the offer
 * itself: sent when the page is connected, failed at once when it is not (and then the next step is
 * due at once). The pager (pager.ts) sends the rest as they fall due, unless the worker answers.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Category, ChannelKind, NotifySettingsRequest } from '@xiaonao/contracts';
import { chainFor, planPages } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';
import type { StatementPart } from '../persistence/statement-parts';
import type { WorkerRow } from '../workers/worker-store';
import { NotifySettings } from './notify-settings';
import type { PageRow } from './page-store';
import { PageRecorder } from './page-recorder';
import { PushSubscriptions } from './push-subscriptions';

export interface OfferToPage {
  townshipId: string;
  offerId: string;
  incidentId: string;
  category: Category;
  offeredAt: Date;
  expiresAt: Date;
  /** The worker's phone page is connected (isPhoneOnline, judged with the offer). */
  online: boolean;
}

@Injectable()
export class PagePlanner {
  constructor(
    @Inject(NotifySettings) private readonly settings: NotifySettings,
    @Inject(PageRecorder) private readonly recorder: PageRecorder,
    @Inject(PushSubscriptions) private readonly pushSubscriptions: PushSubscriptions,
  ) {}

  async plan(tx: Sql, offer: OfferToPage, worker: WorkerRow, settings?: NotifySettingsRequest): Promise<void> {
    const planned = await this.rows(tx, offer, worker, settings ?? (await this.settings.of(tx, offer.townshipId)));
    if (!planned) return;
    const rows = await tx.query<PageRow>(`${INSERT_PAGES('(SELECT 1) AS one')} RETURNING *`, planned.params);
    const socket = rows.find((r) => r.channel === 'socket');
    if (socket && !offer.online) await this.recorder.record(tx, socket, { status: 'failed', detail: '手机页面未连接 / phone page not connected' }, offer.offeredAt);
  }

  /**
   * The chain as a part of the offer's own statement (statement-parts.ts), written when `gate` (the
   * offer) is: null when the chain plans nothing; 'apart' when it must be written by `plan` (a closed
   * page's socket step is recorded as failed at once, a web push step counts the worker's browsers).
   */
  planPart(name: string, gate: string, offer: OfferToPage, worker: WorkerRow, settings: NotifySettingsRequest): StatementPart | null | 'apart' {
    const { steps } = chainFor(settings, offer.category, offer.offeredAt);
    if (steps.some((s) => s.channel === 'webpush' || (s.channel === 'socket' && !offer.online))) return 'apart';
    const planned = this.planned(offer, worker, steps, 0);
    return planned && { name, sql: `${INSERT_PAGES(gate)} RETURNING 1`, params: planned.params };
  }

  private async rows(tx: Sql, offer: OfferToPage, worker: WorkerRow, settings: NotifySettingsRequest): Promise<{ params: unknown[] } | null> {
    const { steps } = chainFor(settings, offer.category, offer.offeredAt);
    const browsers = steps.some((s) => s.channel === 'webpush') ? await this.pushSubscriptions.count(tx, worker.id) : 0;
    return this.planned(offer, worker, steps, browsers);
  }

  /** The page_attempt rows of the chain's steps, as INSERT_PAGES' parameters; null when none is planned. */
  private planned(offer: OfferToPage, worker: WorkerRow, steps: ReturnType<typeof chainFor>['steps'], browsers: number): { params: unknown[] } | null {
    const { online } = offer;
    const configured = new Set(this.settings.configuredChannels());
    const address = (channel: ChannelKind): string | null => {
      switch (channel) {
        case 'dingtalk':
          return worker.dingtalk_user_id;
        case 'wecom':
          return worker.wecom_user_id;
        case 'sms':
        case 'voice':
          return worker.phone || null;
        case 'socket':
          return worker.id;
        case 'webpush':
          // A marker, not an address: the adapter pushes to every browser the worker subscribed.
          return browsers ? `${browsers} 个浏览器订阅` : null;
      }
    };
    const unusable = (channel: ChannelKind): string | null => {
      if (!configured.has(channel)) return '未配置该渠道 / channel not configured';
      return address(channel) ? null : '缺少该渠道的账号或号码 / no address for this channel';
    };
    const planned = planPages(steps, { offeredAt: offer.offeredAt, expiresAt: offer.expiresAt, online, unusable });
    if (!planned.length) return null;
    return {
      params: [
        offer.townshipId,
        offer.offerId,
        offer.incidentId,
        worker.id,
        offer.offeredAt,
        planned.map((p) => p.step),
        planned.map((p) => p.channel),
        // The socket step is sent with the offer's own news.
        planned.map((p) => (p.channel === 'socket' ? 'sent' : p.status)),
        planned.map((p) => p.dueAt),
        planned.map((p) => p.detail),
        planned.map((p) => address(p.channel)),
      ],
    };
  }
}

/** The chain's rows, written once per row of `gate` (a one-row source). */
const INSERT_PAGES = (gate: string) => `
  INSERT INTO page_attempt (township_id, offer_id, incident_id, worker_id, step, channel, status, due_at, sent_at, detail, address)
  SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, u.step, u.channel, u.status, u.due_at, CASE WHEN u.channel = 'socket' THEN $5::timestamptz END, u.detail, u.address
  FROM ${gate} CROSS JOIN unnest($6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[]) AS u(step, channel, status, due_at, detail, address)`;
