/**
 * Readable timeline entries. The hub's list of entry types may grow; an unknown type is shown as sent.
 */
import { CLOCK_STAGES, CLOCK_STAGE_LABELS, type ClockStage, type Locale, type TimelineEntryView } from '@xiaonao/contracts';
import { formatDistance } from '../shared/format-time';
import { label, locale } from '../shared/i18n';

const TYPES: Record<string, Record<Locale, string>> = {
  received: { zh: '接收警情', en: 'Case received' },
  offered: { zh: '派单', en: 'Offered' },
  offer_expired: { zh: '派单超时未响应', en: 'Offer not answered in time' },
  declined: { zh: '拒单', en: 'Declined' },
  accepted: { zh: '接单', en: 'Accepted' },
  contacted: { zh: '联系当事人', en: 'Party contacted' },
  arrived: { zh: '到场', en: 'Arrived on site' },
  closed: { zh: '办结', en: 'Closed' },
  clock_at_risk: { zh: '即将超时预警', en: 'At-risk warning' },
  clock_breached: { zh: '超时告警', en: 'Target breached' },
};

const ACTORS: Record<string, Record<Locale, string>> = {
  dispatch: { zh: '自动派单', en: 'Dispatch' },
  clock: { zh: '1-3-8 计时', en: '1-3-8 clock' },
};

export function timelineTypeLabel(type: string): string {
  const known = TYPES[type.replace(/[.-]/g, '_')];
  return known ? known[locale()] : type;
}

function isStage(value: unknown): value is ClockStage {
  return typeof value === 'string' && (CLOCK_STAGES as readonly string[]).includes(value);
}

/** "dispatch" → 自动派单, "worker:w1" → w1, "110:pcs" → 110 · pcs. */
function actorText(actor: string): string {
  const known = ACTORS[actor];
  if (known) return known[locale()];
  const [kind, who] = actor.split(':', 2);
  if (!who) return actor;
  return kind === '110' ? `110 · ${who}` : who;
}

/** Who acted and what they said: worker name, distance, reason, result, clock stage. */
export function timelineDetailText(entry: TimelineEntryView): string {
  const d = entry.detail;
  const parts: string[] = [actorText(entry.actor)];
  if (typeof d.workerName === 'string') parts.push(d.workerName);
  if (typeof d.distanceM === 'number') parts.push(formatDistance(d.distanceM));
  if (typeof d.grid === 'string') parts.push(d.grid);
  if (isStage(d.stage)) parts.push(label(CLOCK_STAGE_LABELS, d.stage));
  if (typeof d.reason === 'string') parts.push(`「${d.reason}」`);
  if (typeof d.result === 'string') parts.push(`「${d.result}」`);
  return parts.filter(Boolean).join(' · ');
}
