/**
 * Workers as dots coloured by status, each with its name beside it (a command room reads names off the
 * wall screen; a tooltip needs a mouse). Names that would cover each other are thinned by map-labels.ts. A worker whose position has gone stale is drawn hollow and dashed,
 * with 「定位过时（x 分钟前）」 in the tooltip. A worker the hub may not reach (存疑 / 联系不上) has an
 * amber or red ring, and the tooltip says when the phone was last seen and which channels worked lately.
 * Positions and signs of life age by themselves, so `tick` re-judges each dot once a second but touches
 * only those whose look or tooltip text actually changed.
 */
import { circleMarker, divIcon, marker, type CircleMarker, type LayerGroup, type Marker } from 'leaflet';
import { TEAM_LABELS, WORKER_STATUS_LABELS, type WorkerView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t } from '../shared/i18n';
import { workerColour } from './map-colours';
import { LABEL_PRIORITY } from './map-labels';
import { toDisplayLatLng } from './map-projection';
import { REACH_COLOURS, reachabilityLines, reachBadge } from './reachability';
import { isStale, staleText } from './worker-staleness';

interface Entry {
  dot: CircleMarker;
  name: Marker;
  nameKey: string;
  worker: WorkerView;
  stale: boolean;
  styleKey: string;
  tipKey: string;
}

export class WorkerMarkers {
  private readonly entries = new Map<string, Entry>();

  /** `onLabelsMoved`: names were added, moved or changed, so their layout is due again. */
  constructor(
    private readonly layer: LayerGroup,
    private readonly onLabelsMoved: () => void = () => undefined,
  ) {}

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
        const name = marker(toDisplayLatLng(worker.location), { interactive: false, keyboard: false, icon: divIcon({ className: 'worker-label', iconSize: [0, 0], iconAnchor: [-10, 8] }) });
        name.addTo(this.layer);
        entry = { dot, name, nameKey: '', worker, stale: false, styleKey: '', tipKey: '' };
        this.entries.set(worker.id, entry);
      }
      entry.worker = worker;
      entry.dot.setLatLng(toDisplayLatLng(worker.location));
      entry.name.setLatLng(toDisplayLatLng(worker.location));
      this.paint(entry, now);
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      entry.dot.remove();
      entry.name.remove();
      this.entries.delete(id);
    }
    this.onLabelsMoved();
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
    this.paintName(entry);
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

  /** The name beside the dot; rebuilt only when the name or its look changed. */
  private paintName(entry: Entry): void {
    const { worker } = entry;
    const engaged = worker.onDuty && worker.status !== 'available';
    const priority = engaged ? LABEL_PRIORITY.workerEngaged : worker.onDuty ? LABEL_PRIORITY.workerOnDuty : LABEL_PRIORITY.workerOffDuty;
    const look = `${worker.onDuty ? '' : ' off-duty'}${entry.stale ? ' stale' : ''}`;
    const nameKey = `${worker.name}|${priority}|${look}`;
    if (nameKey === entry.nameKey) return;
    entry.nameKey = nameKey;
    const html = h('span', { class: `worker-name${look}`, 'data-label-key': `worker:${worker.id}`, 'data-label-priority': priority, 'data-label-places': 'around', 'data-testid': 'worker-name' }, worker.name);
    entry.name.setIcon(divIcon({ html, className: 'worker-label', iconSize: [0, 0], iconAnchor: [-10, 8] }));
    this.onLabelsMoved();
  }
}
