/**
 * Readable timeline entries: type labels come from the contracts; an unknown type (a newer hub) is shown as sent.
 * A `paged` entry reads as what happened to the attempt: 「钉钉工作通知 · 已读」.
 */
import {
  ATTEMPT_STATUSES,
  ATTEMPT_STATUS_LABELS,
  CHANNEL_KINDS,
  CHANNEL_LABELS,
  CLOCK_STAGES,
  CLOCK_STAGE_LABELS,
  ESCALATION_ACTIONS,
  ESCALATION_ACTION_LABELS,
  TIMELINE_LABELS,
  type AttemptStatus,
  type ChannelKind,
  type ClockStage,
  type EscalationAction,
  type Locale,
  type TimelineEntryView,
  type TimelineType,
} from '@xiaonao/contracts';
import { formatDistance } from '../shared/format-time';
import { label, locale } from '../shared/i18n';

const ACTORS: Record<string, Record<Locale, string>> = {
  dispatch: { zh: '自动派单', en: 'Dispatch' },
  clock: { zh: '1-3-8 计时', en: '1-3-8 clock' },
  pager: { zh: '提醒链', en: 'Pager' },
};

export function timelineTypeLabel(type: TimelineType): string {
  return TIMELINE_LABELS[type]?.[locale()] ?? type;
}

function isStage(value: unknown): value is ClockStage {
  return typeof value === 'string' && (CLOCK_STAGES as readonly string[]).includes(value);
}

function isChannel(value: unknown): value is ChannelKind {
  return typeof value === 'string' && (CHANNEL_KINDS as readonly string[]).includes(value);
}

function isEscalationAction(value: unknown): value is EscalationAction {
  return typeof value === 'string' && (ESCALATION_ACTIONS as readonly string[]).includes(value);
}

function isAttemptStatus(value: unknown): value is AttemptStatus {
  return typeof value === 'string' && (ATTEMPT_STATUSES as readonly string[]).includes(value);
}

/** The entry's headline: its type, or for an attempt to reach the worker the channel and what became of it. */
export function timelineEntryLabel(entry: TimelineEntryView): string {
  const { channel, status } = entry.detail;
  if (entry.type === 'paged' && isChannel(channel) && isAttemptStatus(status)) return `${label(CHANNEL_LABELS, channel)} · ${label(ATTEMPT_STATUS_LABELS, status)}`;
  return timelineTypeLabel(entry.type);
}

/** "dispatch" → 自动派单, "worker:w1" → the name the hub gave (网格员1) or w1, "110:pcs" → 110 · pcs. */
function actorText(actor: string, actorName?: string): string {
  const known = ACTORS[actor];
  if (actorName) return actorName;
  if (known) return known[locale()];
  const [kind, who] = actor.split(':', 2);
  if (!who) return actor;
  return kind === '110' ? `110 · ${who}` : who;
}

const TEXT = {
  noGridLeader: { zh: '网格未设网格长', en: 'the grid has no leader' },
  lapsedOffers: { zh: '撤回派单 {n} 个', en: '{n} offer(s) withdrawn' },
} satisfies Record<string, Record<Locale, string>>;

/**
 * What an escalation did, as the hub wrote it: 「立即转派下一人、通知网格长（网格员1）、通报派出所（某派出所）· 撤回派单 1 个」.
 * A grid leader is named by `nameOf`; the station informed is the case's own.
 */
function escalationText(d: Record<string, unknown>, nameOf: (workerId: string) => string | undefined, stationName: string | undefined): string | null {
  if (!Array.isArray(d.actions)) return null;
  const actions = d.actions.filter(isEscalationAction).map((action) => {
    const text = label(ESCALATION_ACTION_LABELS, action);
    const open = locale() === 'zh' ? '（' : ' (';
    const close = locale() === 'zh' ? '）' : ')';
    if (action === 'notify_grid_leader') {
      const leader = typeof d.gridLeaderId === 'string' ? (nameOf(d.gridLeaderId) ?? d.gridLeaderId) : TEXT.noGridLeader[locale()];
      return `${text}${open}${leader}${close}`;
    }
    if (action === 'inform_station' && stationName) return `${text}${open}${stationName}${close}`;
    return text;
  });
  if (typeof d.lapsedOffers === 'number' && d.lapsedOffers > 0) actions.push(TEXT.lapsedOffers[locale()].replace('{n}', String(d.lapsedOffers)));
  return actions.length ? actions.join(locale() === 'zh' ? '、' : ', ') : null;
}

/**
 * Who acted and what they said: worker name, distance, reason, result, clock stage, the provider's words,
 * an escalation's actions. `nameOf` names a worker the entry gives only by id (a `paged` entry, a grid
 * leader told); `stationName` is the case's station, named when an escalation informed it.
 */
export function timelineDetailText(entry: TimelineEntryView, nameOf: (workerId: string) => string | undefined = () => undefined, stationName?: string): string {
  const d = entry.detail;
  const parts: string[] = [actorText(entry.actor, entry.actorName)];
  if (typeof d.workerName === 'string') parts.push(d.workerName);
  else if (entry.type === 'paged' && entry.workerId) parts.push(nameOf(entry.workerId) ?? '');
  if (typeof d.distanceM === 'number') parts.push(formatDistance(d.distanceM));
  if (typeof d.grid === 'string') parts.push(d.grid);
  if (isStage(d.stage)) parts.push(label(CLOCK_STAGE_LABELS, d.stage));
  if (typeof d.reason === 'string') parts.push(`「${d.reason}」`);
  if (typeof d.result === 'string') parts.push(`「${d.result}」`);
  if (entry.type === 'paged' && typeof d.detail === 'string') parts.push(`「${d.detail}」`);
  if (entry.type === 'escalated') parts.push(escalationText(d, nameOf, stationName) ?? '');
  return parts.filter(Boolean).join(' · ');
}
