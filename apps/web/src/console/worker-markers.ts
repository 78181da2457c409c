/**
 * Workers as dots coloured by status. A worker whose position has gone stale is drawn hollow and dashed,
 * with 「定位过时（x 分钟前）」 in the tooltip. A worker the hub may not reach (存疑 / 联系不上) has an
 * amber or red ring, and the tooltip says when the phone was last seen and which channels worked lately.
 * Positions and signs of life age by themselves, so `tick` re-judges each dot once a second but touches
 * only those whose look or tooltip text actually changed.
 */
import { circleMarker, type CircleMarker, type LayerGroup } from 'leaflet';
import { TEAM_LABELS, WORKER_STATUS_LABELS, type WorkerView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t } from '../shared/i18n';
import { workerColour } from './map-colours';
import { toDisplayLatLng } from './map-projection';
import { REACH_COLOURS, reachabilityLines, reachBadge } from './reachability';
import { isStale, staleText } from './worker-staleness';

interface Entry {
  dot: CircleMarker;
  worker: WorkerView;
  stale: boolean;
  styleKey: string;
  tipKey: string;
}

export class WorkerMarkers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly layer: LayerGroup) {}

  /** Adds, moves and restyles dots; drops those of workers gone or without a position. */
  set(workers: Iterable<WorkerView>, now: number): void {
    const seen = new Set<string>();
    for (const worker of workers) {
      if (!worker.location) continue;
      seen.add(worker.id);
      let entry = this.entries.get(worker.id);
      if (!entry) {
        const dot = circleMarker(toDisplayLatLng(worker.location), { radius: 6, weight: 2 }).bindTooltip('', { className: 'map-tip' });
        dot.addTo(this.layer);
        entry = { dot, worker, stale: false, styleKey: '', tipKey: '' };
        this.entries.set(worker.id, entry);
      }
      entry.worker = worker;
      entry.dot.setLatLng(toDisplayLatLng(worker.location));
      this.paint(entry, now);
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      entry.dot.remove();
      this.entries.delete(id);
    }
  }

  /** Once a second: only dots whose stale state flips are restyled; stale tooltips follow the minute. */
  tick(now: number): void {
    for (const entry of this.entries.values()) {
      if (entry.stale !== isStale(entry.worker, now) || entry.stale || entry.worker.reachability) this.paint(entry, now);
    }
  }

  staleCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.stale) n++;
    return n;
  }

  /** Touches the dot only when its look or its tooltip text (which carries the language) changed. */
  private paint(entry: Entry, now: number): void {
    const { dot, worker } = entry;
    entry.stale = isStale(worker, now);
    const colour = workerColour(worker);
    // Only on duty: nobody pages a worker off duty, so their ring would only be noise.
    const verdict = worker.onDuty ? worker.reachability?.verdict : undefined;
    const ring = verdict && verdict !== 'good' ? REACH_COLOURS[verdict] : null;
    const styleKey = `${colour}|${worker.onDuty}|${entry.stale}|${ring}`;
    if (styleKey !== entry.styleKey) {
      entry.styleKey = styleKey;
      dot.setStyle(
        entry.stale
          ? { color: ring ?? colour, fillColor: colour, fillOpacity: 0.12, dashArray: '3 3', weight: 2 }
          : { color: ring ?? (worker.onDuty ? '#0b1220' : '#334155'), fillColor: colour, fillOpacity: worker.onDuty ? 0.95 : 0.55, dashArray: undefined, weight: ring ? 3 : 2 },
      );
      dot.getElement()?.classList.toggle('worker-stale', entry.stale);
      dot.getElement()?.setAttribute('data-worker-id', worker.id);
      if (verdict) dot.getElement()?.setAttribute('data-reach', verdict);
      else dot.getElement()?.removeAttribute('data-reach');
    }
    const summary = `${worker.name} · ${label(TEAM_LABELS, worker.team)} · ${worker.onDuty ? label(WORKER_STATUS_LABELS, worker.status) : t('offDuty')}`;
    const stale = entry.stale ? staleText(worker, now) : '';
    const reach = worker.reachability;
    const reachLines = reach ? reachabilityLines(reach, now) : [];
    const tipKey = `${summary}|${stale}|${reach?.verdict}|${reachLines.join('|')}`;
    if (tipKey !== entry.tipKey) {
      entry.tipKey = tipKey;
      dot.setTooltipContent(
        h(
          'div',
          {},
          h('div', {}, summary),
          stale ? h('div', { class: 'tip-stale' }, stale) : null,
          reach ? h('div', { class: 'tip-reach' }, reachBadge(reach.verdict, undefined, now), ` ${reachLines.join(' · ')}`) : null,
        ),
      );
    }
  }
}
