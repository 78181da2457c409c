/**
 * Sends the notifier chains' steps as they fall due, and asks the providers what became of them.
 * Any number of hub processes may run it: due attempts are claimed with FOR UPDATE SKIP LOCKED and
 * marked `sending` before the network is touched (no connection or lock waits on a provider); the
 * outcome is recorded in a transaction of its own (PageRecorder). An attempt left `sending` past its
 * lease (the process died mid-send) becomes `unknown`, never resent: SMS and calls are billed and
 * not idempotent. Nothing is sent for an offer already answered, lapsed or withdrawn, nor to a worker
 * off duty: such steps are cancelled.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CATEGORY_LABELS, type Category } from '@xiaonao/contracts';
import { voiceCallAllowed } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage } from './channel';
import { NOTIFY_CHANNELS } from './notify-channels';
import { PageRecorder, type PageChange } from './page-recorder';
import type { PageRow } from './page-store';

/** A claimed attempt with what its message says. */
interface PageJob extends PageRow {
  worker_name: string;
  worker_phone: string;
  dingtalk_user_id: string | null;
  wecom_user_id: string | null;
  case_no: string;
  category: Category;
  address_text: string;
  expires_at: Date;
}

const BATCH = 50;
/** A send still `sending` after this long was cut off (crash, hang past the provider timeout). */
const LEASE_MS = 60_000;
/** Stop asking a provider about a send after this long. */
const CHECK_FOR_MS = 10 * 60_000;

/** Ask soon at first (a read DingTalk notice moves nothing but is good to see), then less often. */
function nextCheck(sentAt: Date, now: Date): Date | null {
  const age = now.getTime() - sentAt.getTime();
  if (age >= CHECK_FOR_MS) return null;
  const wait = age < 30_000 ? 3_000 : age < 120_000 ? 10_000 : 30_000;
  return new Date(now.getTime() + wait);
}

const JOB_COLUMNS = `p.*, w.name AS worker_name, w.phone AS worker_phone, w.dingtalk_user_id, w.wecom_user_id,
  i.case_no, i.category, i.address AS address_text, o.expires_at`;

@Injectable()
export class Pager implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Pager');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly channels: ReadonlyMap<string, NotifyChannel>;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(PageRecorder) private readonly recorder: PageRecorder,
    @Inject(NOTIFY_CHANNELS) channels: NotifyChannel[],
  ) {
    this.channels = new Map(channels.map((c) => [c.kind, c]));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = Database.step('pager', () => this.pass()).finally(() => (this.running = null));
    }, this.config.sweepIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; exposed so tests can drive it. */
  async pass(): Promise<void> {
    try {
      await this.cancelMoot();
      await this.expireLeases();
      const due = await this.claimDue();
      await Promise.all(due.map((job) => this.send(job)));
      const checks = await this.claimChecks();
      await Promise.all(checks.map((job) => this.check(job)));
      if (due.length || checks.length) this.outbox.kick();
    } catch (error) {
      this.logger.warn(`paging pass failed: ${String(error)}`);
    }
  }

  /** Steps of offers no longer pending, or of workers gone off duty, will not be sent. */
  private async cancelMoot(): Promise<void> {
    await this.db.query(
      `UPDATE page_attempt p SET status = 'cancelled', result_at = $1
       FROM offer o WHERE o.id = p.offer_id AND p.status = 'scheduled' AND o.outcome <> 'pending'`,
      [this.clock.now()],
    );
  }

  private async expireLeases(): Promise<void> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - LEASE_MS);
    // Almost every pass finds nothing: one indexed read instead of a transaction of three statements.
    const [cutOff] = await this.db.query<{ id: string }>(`SELECT id FROM page_attempt WHERE status = 'sending' AND claimed_at < $1 LIMIT 1`, [cutoff]);
    if (!cutOff) return;
    await this.db.transaction(async (tx) => {
      const stuck = await tx.query<PageRow>(`SELECT * FROM page_attempt WHERE status = 'sending' AND claimed_at < $1 FOR UPDATE SKIP LOCKED`, [cutoff]);
      for (const row of stuck) await this.recorder.record(tx, row, { status: 'unknown', detail: '发送中断，结果不明，未重发 / cut off mid-send; not resent' }, now);
    });
  }

  private async claimDue(): Promise<PageJob[]> {
    const now = this.clock.now();
    return this.db.query<PageJob>(
      `WITH due AS (
         SELECT p.id FROM page_attempt p JOIN offer o ON o.id = p.offer_id JOIN worker w ON w.id = p.worker_id
         WHERE p.status = 'scheduled' AND p.due_at <= $1 AND o.outcome = 'pending' AND w.on_duty
         ORDER BY p.due_at LIMIT $3 FOR UPDATE OF p SKIP LOCKED)
       UPDATE page_attempt p SET status = 'sending', claimed_by = $2, claimed_at = $1
       FROM due, offer o, worker w, incident i
       WHERE p.id = due.id AND o.id = p.offer_id AND w.id = p.worker_id AND i.id = p.incident_id
       RETURNING ${JOB_COLUMNS}`,
      [now, this.config.instanceId, BATCH],
    );
  }

  private async claimChecks(): Promise<PageJob[]> {
    const now = this.clock.now();
    // Claimed by pushing the next check out: a concurrent pass skips it; a crash only delays it.
    return this.db.query<PageJob>(
      `WITH due AS (
         SELECT id FROM page_attempt WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE page_attempt p SET next_check_at = $3
       FROM due, offer o, worker w, incident i
       WHERE p.id = due.id AND o.id = p.offer_id AND w.id = p.worker_id AND i.id = p.incident_id
       RETURNING ${JOB_COLUMNS}`,
      [now, BATCH, new Date(now.getTime() + LEASE_MS)],
    );
  }

  private message(job: PageJob): PageMessage {
    return {
      attemptId: job.id,
      worker: { id: job.worker_id, name: job.worker_name, phone: job.worker_phone, dingtalkUserId: job.dingtalk_user_id, wecomUserId: job.wecom_user_id },
      caseNo: job.case_no,
      categoryLabel: CATEGORY_LABELS[job.category].zh,
      address: job.address_text,
      expiresAt: job.expires_at,
      url: `${this.config.publicUrl}/phone.html`,
    };
  }

  private async send(job: PageJob): Promise<void> {
    const change = await this.attempt(job);
    const now = this.clock.now();
    await this.db.transaction((tx) => this.recorder.record(tx, job, change, now));
  }

  /** What one due step came to: sent, failed, unknown, or skipped before the network. */
  private async attempt(job: PageJob): Promise<PageChange> {
    const channel = job.channel === 'socket' ? undefined : this.channels.get(job.channel);
    if (!channel) return { status: 'skipped', detail: '未配置该渠道 / channel not configured' };
    if (job.channel === 'voice') {
      const limit = await this.voiceLimit(job);
      if (limit) return { status: 'skipped', detail: limit };
    }
    try {
      const sent = await channel.send(this.message(job));
      const now = this.clock.now();
      if (sent.status === 'failed') return { status: 'failed', detail: sent.detail, sentAt: now };
      return { status: 'sent', detail: sent.detail, sentAt: now, providerRef: sent.ref, nextCheckAt: sent.ref ? nextCheck(now, now) : null };
    } catch (error) {
      const why = error instanceof UnknownOutcomeError ? error.message : `意外错误 / unexpected: ${String(error)}`;
      return { status: 'unknown', detail: `结果不明，未重发 / outcome unknown, not resent: ${why}`, sentAt: this.clock.now() };
    }
  }

  /** The provider's limits per number (calls that failed count too): a call it would refuse is not made. */
  private async voiceLimit(job: PageJob): Promise<string | null> {
    const now = this.clock.now();
    const earlier = await this.db.query<{ sent_at: Date }>(
      `SELECT sent_at FROM page_attempt WHERE channel = 'voice' AND address = $1 AND sent_at IS NOT NULL AND sent_at > $2 AND id <> $3`,
      [job.address, new Date(now.getTime() - 24 * 3_600_000), job.id],
    );
    const verdict = voiceCallAllowed(earlier.map((e) => e.sent_at), now);
    if (verdict.allowed) return null;
    const rule = { minute: '每分钟 1 次', hour: '每小时 5 次', day: '每 24 小时 20 次' }[verdict.rule];
    return `语音限频（${rule}），${verdict.nextAt.toISOString()} 后才可再呼 / voice limit (${verdict.rule})`;
  }

  private async check(job: PageJob): Promise<void> {
    const channel = this.channels.get(job.channel);
    if (!channel || !job.provider_ref || !job.sent_at) {
      await this.db.query('UPDATE page_attempt SET next_check_at = NULL WHERE id = $1', [job.id]);
      return;
    }
    let result: CheckResult;
    try {
      result = await channel.check(job.provider_ref, this.message(job), job.sent_at);
    } catch (error) {
      // The provider could not be asked: keep what we know and ask again later.
      this.logger.debug(`check of ${job.id} failed: ${String(error)}`);
      await this.db.query('UPDATE page_attempt SET next_check_at = $2 WHERE id = $1', [job.id, nextCheck(job.sent_at, this.clock.now())]);
      return;
    }
    const now = this.clock.now();
    const next = result.final ? null : nextCheck(job.sent_at, now);
    if (result.status === job.status) {
      await this.db.query('UPDATE page_attempt SET next_check_at = $2 WHERE id = $1', [job.id, next]);
      return;
    }
    await this.db.transaction((tx) => this.recorder.record(tx, job, { status: result.status, detail: result.detail, nextCheckAt: next }, now));
  }
}
