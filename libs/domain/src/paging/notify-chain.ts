/**
 * The notifier chain of an offer: which channels reach the worker, and when (Opsgenie's
 * "if not acked, after N seconds" per step). Every step is due a number of seconds after the offer
 * unless the worker has answered; a known failure brings the next step forward to the moment of
 * failure; nothing is due once the offer has lapsed (the next worker gets a chain of their own).
 * At night (Asia/Shanghai; Huawei and Honor phones hold notifications from 00:00 to 06:00) the
 * township's night chain applies: by default it calls first.
 */
import type { Category, ChannelKind, NotifyChainView, NotifySettingsRequest, NotifyStepView } from '@xiaonao/contracts';
import { CHANNEL_KINDS } from '@xiaonao/contracts';
import { DomainError } from '../errors';
import { isWallTime, shanghaiTime, wallMinutes } from '../roster/shanghai-wall-clock';

/** Default chain: the page at once, DingTalk after 5 s, SMS after 12 s, a call after 15 s (the default offer window is 20 s). */
export const DEFAULT_NOTIFY_SETTINGS: NotifySettingsRequest = {
  nightStart: '00:00',
  nightEnd: '06:00',
  chains: [
    {
      category: null,
      day: [
        { channel: 'socket', afterSeconds: 0 },
        { channel: 'dingtalk', afterSeconds: 5 },
        { channel: 'sms', afterSeconds: 12 },
        { channel: 'voice', afterSeconds: 15 },
      ],
      night: [
        { channel: 'socket', afterSeconds: 0 },
        { channel: 'voice', afterSeconds: 0 },
        { channel: 'dingtalk', afterSeconds: 0 },
        { channel: 'sms', afterSeconds: 8 },
      ],
    },
  ],
};

const MAX_AFTER_SECONDS = 3_600;

/** Whether `at` falls in the night window [nightStart, nightEnd) of Asia/Shanghai (it may wrap midnight). */
export function isNight(at: Date, nightStart: string, nightEnd: string): boolean {
  const now = wallMinutes(shanghaiTime(at));
  const start = wallMinutes(nightStart);
  const end = wallMinutes(nightEnd);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The chain for a case of `category` offered at `at`: the category's own chain, else the township's general one. */
export function chainFor(settings: NotifySettingsRequest, category: Category, at: Date): { steps: NotifyStepView[]; night: boolean } {
  const chain = settings.chains.find((c) => c.category === category) ?? settings.chains.find((c) => c.category === null) ?? DEFAULT_NOTIFY_SETTINGS.chains[0];
  const night = isNight(at, settings.nightStart, settings.nightEnd);
  return { steps: night ? chain.night : chain.day, night };
}

export interface PlannedPage {
  step: number;
  channel: ChannelKind;
  dueAt: Date;
  /** 'skipped' when the channel cannot be used for this worker (not configured, no address). */
  status: 'scheduled' | 'skipped';
  detail: string | null;
}

export interface PlanContext {
  offeredAt: Date;
  expiresAt: Date;
  /** The phone page's socket is open: the offer reaches it at once. */
  online: boolean;
  /** Why a channel cannot be used for this worker now (not configured, no DingTalk id…); null: usable. */
  unusable(channel: ChannelKind): string | null;
}

/**
 * The attempts of one offer. The socket step is the offer itself; when the page is not connected it
 * fails at once and the next usable step is brought forward to the offer's time. Steps due at or
 * after the offer lapses are left out.
 */
export function planPages(steps: readonly NotifyStepView[], ctx: PlanContext): PlannedPage[] {
  const planned: PlannedPage[] = [];
  let pullForward = false;
  steps.forEach((s, step) => {
    const dueAt = new Date(ctx.offeredAt.getTime() + s.afterSeconds * 1000);
    if (dueAt >= ctx.expiresAt) return;
    if (s.channel === 'socket') {
      if (!ctx.online) pullForward = true;
      planned.push({ step, channel: 'socket', dueAt: ctx.offeredAt, status: 'scheduled', detail: null });
      return;
    }
    const why = ctx.unusable(s.channel);
    if (why) {
      planned.push({ step, channel: s.channel, dueAt, status: 'skipped', detail: why });
      return;
    }
    planned.push({ step, channel: s.channel, dueAt: pullForward ? ctx.offeredAt : dueAt, status: 'scheduled', detail: null });
    pullForward = false;
  });
  return planned;
}

/** Checks a township's chains; a bad value names its field. */
export function checkNotifySettings(req: NotifySettingsRequest): NotifySettingsRequest {
  const bad = (field: string, zh: string, en: string) => new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);
  for (const field of ['nightStart', 'nightEnd'] as const) {
    if (!isWallTime(req[field])) throw bad(field, '须为 HH:MM', 'must be HH:MM');
  }
  if (!req.chains.some((c) => c.category === null)) throw bad('chains', '须有一条适用于所有类别的链（category 为 null）', 'needs one chain for any category (category null)');
  const seen = new Set<string>();
  req.chains.forEach((chain: NotifyChainView, i) => {
    const key = chain.category ?? '*';
    if (seen.has(key)) throw bad(`chains[${i}].category`, '同一类别只能有一条链', 'one chain per category');
    seen.add(key);
    for (const part of ['day', 'night'] as const) {
      const list = chain[part];
      if (!list.length) throw bad(`chains[${i}].${part}`, '至少要有一步', 'needs at least one step');
      list.forEach((s, j) => {
        const field = `chains[${i}].${part}[${j}]`;
        if (!(CHANNEL_KINDS as readonly string[]).includes(s.channel)) throw bad(`${field}.channel`, `未知渠道「${s.channel}」`, `unknown channel "${s.channel}"`);
        if (!Number.isInteger(s.afterSeconds) || s.afterSeconds < 0 || s.afterSeconds > MAX_AFTER_SECONDS) {
          throw bad(`${field}.afterSeconds`, `须为 0–${MAX_AFTER_SECONDS} 的整数秒`, `must be whole seconds 0–${MAX_AFTER_SECONDS}`);
        }
        if (j > 0 && s.afterSeconds < list[j - 1].afterSeconds) throw bad(`${field}.afterSeconds`, '各步的延时不能比前一步短', 'must not be shorter than the step before');
      });
    }
  });
  return req;
}

/**
 * Whether a worker can be reached, from the phone's last sign of life and what the channels did
 * lately: 'good' if the page is open or a channel delivered in the last day, 'bad' if channels
 * failed lately and nothing worked since, else 'doubtful'.
 */
export function reachabilityVerdict(r: { online: boolean; workedLately: readonly ChannelKind[]; failedLately: readonly ChannelKind[] }): 'good' | 'doubtful' | 'bad' {
  if (r.online || r.workedLately.length > 0) return 'good';
  return r.failedLately.length > 0 ? 'bad' : 'doubtful';
}

/** A phone that sent nothing for this long is not counted online even if its socket never said goodbye (a crashed hub, a frozen tab). */
export const PHONE_SILENCE_SECONDS = 300;

/**
 * Whether the worker's phone page is connected: it connected (or sent a fix) lately and has not
 * disconnected since. The page sends a fix every PHONE_FIX_INTERVAL_SECONDS even when parked.
 */
export function isPhoneOnline(p: { lastSeenAt: Date | null; offlineAt: Date | null; positionAt: Date | null }, now: Date, silenceSeconds = PHONE_SILENCE_SECONDS): boolean {
  if (!p.lastSeenAt || p.offlineAt) return false;
  const latest = Math.max(p.lastSeenAt.getTime(), p.positionAt?.getTime() ?? 0);
  return now.getTime() - latest <= silenceSeconds * 1000;
}

/**
 * How long an offer stands. A worker whose page is open sees it at once and answers within the
 * category's window; one whose phone is in a pocket is reached by DingTalk, SMS or a call, which take
 * longer to be noticed: their offer stands at least `offlineWindowSeconds`, so the chain has time to
 * work before the case passes on (npm run bench -- field: with 20 s no SMS or call ever led to an accept).
 */
export function offerWindowSeconds(windowSeconds: number, online: boolean, offlineWindowSeconds: number): number {
  return online ? windowSeconds : Math.max(windowSeconds, offlineWindowSeconds);
}

/** Channels that only put text in front of the worker: once the worker has read the offer, more text adds nothing. */
export const TEXT_CHANNELS: readonly ChannelKind[] = ['dingtalk', 'wecom', 'sms', 'webpush'];

export interface PageState {
  step: number;
  channel: ChannelKind;
  status: 'scheduled' | 'sending' | 'sent' | 'delivered' | 'read' | 'answered' | 'failed' | 'unknown' | 'skipped' | 'cancelled';
  dueAt: Date;
}

/**
 * After step `step` failed at `at` (a known failure, an unknown outcome or a skip): the next step
 * still waiting, which is then due at once; null when none waits or it is already due.
 */
export function pageBroughtForward(pages: readonly PageState[], step: number, at: Date): PageState | null {
  const next = pages.filter((p) => p.step > step && p.status === 'scheduled').sort((a, b) => a.step - b.step)[0];
  return next && next.dueAt > at ? next : null;
}

/** After the worker read the offer (the page in front, a read DingTalk notice): the text steps still waiting are not sent. */
export function pagesMootAfterRead(pages: readonly PageState[]): PageState[] {
  return pages.filter((p) => p.status === 'scheduled' && TEXT_CHANNELS.includes(p.channel));
}

/**
 * Whether an attempt's outcome should bring the chain's next step forward at once: a known failure,
 * an unknown outcome, a skip — and the page receiving the offer while hidden (screen off, another app
 * in front), since a hidden page can neither sound nor show it.
 */
export function movesChainOn(channel: ChannelKind, status: PageState['status']): boolean {
  if (status === 'failed' || status === 'unknown' || status === 'skipped') return true;
  return channel === 'socket' && status === 'delivered';
}
