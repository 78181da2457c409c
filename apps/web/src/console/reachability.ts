/**
 * Whether a worker can be reached, before anyone is offered a case: the hub's verdict as a small badge
 * (可联系 / 存疑 / 联系不上), and the why in words — the phone's last sign of life, the channels that
 * delivered or failed lately.
 */
import { CHANNEL_LABELS, type ChannelKind, type ReachabilityView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t, type TextKey } from '../shared/i18n';

export type ReachVerdict = ReachabilityView['verdict'];

export const REACH_VERDICTS: readonly ReachVerdict[] = ['good', 'doubtful', 'bad'];

const VERDICT_TEXT: Readonly<Record<ReachVerdict, TextKey>> = {
  good: 'reachGood',
  doubtful: 'reachDoubtful',
  bad: 'reachBad',
};

/** Ring colours of the map dots, matching the badge colours in paging.css. */
export const REACH_COLOURS: Readonly<Record<ReachVerdict, string>> = {
  good: '#22c55e',
  doubtful: '#f59e0b',
  bad: '#ef4444',
};

export function verdictText(verdict: ReachVerdict): string {
  return t(VERDICT_TEXT[verdict]);
}

/** 「手机在线」, 「手机 3 分钟前在线」, 「手机 2 小时前在线」, 「手机无在线记录」. */
export function lastSeenText(reach: ReachabilityView, now: number): string {
  if (reach.online) return t('reachOnline');
  if (!reach.lastSeenAt) return t('reachNeverSeen');
  const minutes = Math.max(0, Math.floor((now - Date.parse(reach.lastSeenAt)) / 60_000));
  if (minutes < 1) return t('reachSeenJustNow');
  if (minutes < 60) return t('reachSeenMinutesAgo').replace('{n}', String(minutes));
  return t('reachSeenHoursAgo').replace('{n}', String(Math.floor(minutes / 60)));
}

const channels = (list: readonly ChannelKind[]) => list.map((c) => label(CHANNEL_LABELS, c)).join('、');

/** The sign of life, then the channels that worked and failed lately: one line each. */
export function reachabilityLines(reach: ReachabilityView, now: number): string[] {
  return [
    lastSeenText(reach, now),
    reach.workedLately.length ? t('reachWorked').replace('{c}', channels(reach.workedLately)) : null,
    reach.failedLately.length ? t('reachFailed').replace('{c}', channels(reach.failedLately)) : null,
  ].filter((line): line is string => line !== null);
}

/** The badge; `reach` (the worker's whole view, when known) goes in its tooltip. */
export function reachBadge(verdict: ReachVerdict, reach: ReachabilityView | undefined, now: number): HTMLElement {
  return h(
    'span',
    { class: 'reach-badge', 'data-verdict': verdict, 'data-testid': 'reach-badge', title: reach ? reachabilityLines(reach, now).join('\n') : null },
    verdictText(verdict),
  );
}
