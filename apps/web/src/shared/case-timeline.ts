/**
 * A case's timeline, read-only, in chain order, and the hub's verdict on it as a badge. Used by the
 * station's case drawer; names come from the entry (actorName, workerName) or the case's own workers,
 * never a login.
 */
import { CHAIN_BREAK_LABELS, CLOCK_STAGES, CLOCK_STAGE_LABELS, EVENT_SOURCE_LABELS, TIMELINE_LABELS, type ClockStage, type IncidentDetailView, type Locale, type TimelineEntryView } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { h } from './dom';
import { formatDateTime, formatDistance } from './format-time';
import { label, locale } from './i18n';

/** The badge's words, supplied by the page so that each page keeps its own text table. */
export interface VerdictText {
  checking: string;
  ok: string;
  /** `{n}`: the seq of the first broken event. */
  broken: string;
  mismatch: string;
  unavailable: string;
}

const SYSTEM_ACTORS: Record<string, Record<Locale, string>> = {
  dispatch: { zh: '自动派单', en: 'Dispatch' },
  clock: { zh: '1-3-8 计时', en: '1-3-8 clock' },
  pager: { zh: '提醒链', en: 'Pager' },
  intake: { zh: '接警', en: 'Intake' },
  system: { zh: '系统', en: 'System' },
};

const isStage = (value: unknown): value is ClockStage => typeof value === 'string' && (CLOCK_STAGES as readonly string[]).includes(value);

/** Who acted, by name where the hub or the case knows it: 「张三」 rather than 「worker:w067」. */
function actorOf(entry: TimelineEntryView, names: ReadonlyMap<string, string>): string {
  if (entry.actorName) return entry.actorName;
  const known = SYSTEM_ACTORS[entry.actor];
  if (known) return known[locale()];
  if (entry.workerId && names.has(entry.workerId)) return names.get(entry.workerId) ?? '';
  const [kind, who] = entry.actor.split(':', 2);
  if (!who) return entry.actor;
  return kind === '110' ? `110 · ${who}` : who;
}

function detailParts(entry: TimelineEntryView): string[] {
  const d = entry.detail;
  const parts: string[] = [];
  if (typeof d.workerName === 'string') parts.push(d.workerName);
  if (typeof d.distanceM === 'number') parts.push(formatDistance(d.distanceM));
  if (isStage(d.stage)) parts.push(label(CLOCK_STAGE_LABELS, d.stage));
  for (const key of ['reason', 'result', 'notes'] as const) {
    const value = d[key];
    if (typeof value === 'string' && value) parts.push(`「${value}」`);
  }
  return parts;
}

export function caseTimeline(detail: IncidentDetailView, empty: string): HTMLElement {
  const names = new Map<string, string>();
  for (const w of [detail.worker, ...detail.assistants]) if (w) names.set(w.id, w.name);
  // In chain order: the order the hub recorded them, which the hashes vouch for.
  const entries = [...detail.timeline].sort((a, b) => a.seq - b.seq);
  if (!entries.length) return h('p', { class: 'muted' }, empty);
  return h(
    'ol',
    { class: 'case-timeline', 'data-testid': 'case-timeline' },
    ...entries.map((entry) =>
      h(
        'li',
        { 'data-type': entry.type, 'data-testid': 'timeline-entry' },
        h('span', { class: 'ct-time num' }, formatDateTime(entry.at)),
        h(
          'span',
          { class: 'ct-type' },
          TIMELINE_LABELS[entry.type]?.[locale()] ?? entry.type,
          ' ',
          h('span', { class: 'badge ct-source', 'data-source': entry.source, title: `#${entry.seq} · ${entry.hash.slice(0, 12)}…` }, label(EVENT_SOURCE_LABELS, entry.source)),
        ),
        h('span', { class: 'ct-detail muted' }, [actorOf(entry, names), ...detailParts(entry)].filter(Boolean).join(' · ')),
      ),
    ),
  );
}

/** The verdict: null while asked, 'unavailable' when the hub could not answer. */
export function verdictBadge(verdict: TimelineVerdict | 'unavailable' | null, text: VerdictText): HTMLElement {
  const badge = (words: string, ok: boolean | null, title: string | null = null) =>
    h('span', { class: 'badge verdict-badge', 'data-ok': ok === null ? null : String(ok), 'data-testid': 'timeline-verdict', title }, words);
  if (verdict === null) return badge(text.checking, null);
  if (verdict === 'unavailable') return badge(text.unavailable, null);
  if (!verdict.chain.ok) return badge(`${text.broken.replace('{n}', String(verdict.chain.seq))} · ${label(CHAIN_BREAK_LABELS, verdict.chain.reason)}`, false);
  if (verdict.mismatches.length) return badge(text.mismatch, false, verdict.mismatches.map((m) => `${m.field}: ${m.fromEvents ?? '—'} ≠ ${m.onRow ?? '—'}`).join('\n'));
  return badge(text.ok, true);
}
