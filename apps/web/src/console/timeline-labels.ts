/**
 * Readable timeline entries: type labels come from the contracts; an unknown type (a newer hub) is shown as sent.
 */
import { CLOCK_STAGES, CLOCK_STAGE_LABELS, TIMELINE_LABELS, type ClockStage, type Locale, type TimelineEntryView, type TimelineType } from '@xiaonao/contracts';
import { formatDistance } from '../shared/format-time';
import { label, locale } from '../shared/i18n';


const ACTORS: Record<string, Record<Locale, string>> = {
  dispatch: { zh: '自动派单', en: 'Dispatch' },
  clock: { zh: '1-3-8 计时', en: '1-3-8 clock' },
};

export function timelineTypeLabel(type: TimelineType): string {
  return TIMELINE_LABELS[type]?.[locale()] ?? type;
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
