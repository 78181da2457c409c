/**
 * Keeps the names on the console map from covering each other: after every zoom and every change of
 * the labelled things, each label (an element with `data-label-key` and `data-label-priority`) is
 * measured where it is drawn; a worker's name that would cover another moves round its dot, and what
 * still collides is hidden, lower priority first (label-layout.ts). Worker names outrank grid names; a
 * hidden name comes back when zooming in parts the crowd.
 */
import type { Map as LeafletMap } from 'leaflet';
import { placeLabels, placesAroundDot, type LabelBox } from './label-layout';
import './map-labels.css';

/** Priorities: a worker on a case or an offer, a free worker on duty, a worker off duty, a grid. */
export const LABEL_PRIORITY = { workerEngaged: 3, workerOnDuty: 2, workerOffDuty: 1, grid: 0 } as const;

export class MapLabels {
  private pending = 0;

  constructor(private readonly map: LeafletMap) {
    map.on('zoomend', () => this.schedule());
  }

  /** Lays the labels out again before the next frame; several calls in one frame do it once. */
  schedule(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.layout();
    });
  }

  /** Lays the labels out now. */
  layout(): void {
    const labels = [...this.map.getContainer().querySelectorAll<HTMLElement>('[data-label-key]')];
    const boxes: LabelBox[] = labels.map((el) => {
      const r = el.getBoundingClientRect();
      // Measured where it is drawn now: back to its default place first.
      const left = r.left - Number(el.dataset.dx ?? 0);
      const top = r.top - Number(el.dataset.dy ?? 0);
      const places = el.dataset.labelPlaces === 'around' ? placesAroundDot(r.width, r.height) : undefined;
      return { key: el.dataset.labelKey ?? '', priority: Number(el.dataset.labelPriority ?? 0), left, top, width: r.width, height: r.height, places };
    });
    const placed = placeLabels(boxes);
    boxes.forEach((box, i) => {
      const el = labels[i];
      const at = placed.get(box.key);
      const hide = at === undefined;
      if (el.classList.contains('label-hidden') !== hide) el.classList.toggle('label-hidden', hide);
      const shift = at === undefined ? { dx: 0, dy: 0 } : (box.places?.[at] ?? { dx: 0, dy: 0 });
      if (Number(el.dataset.dx ?? 0) === shift.dx && Number(el.dataset.dy ?? 0) === shift.dy) return;
      el.dataset.dx = String(shift.dx);
      el.dataset.dy = String(shift.dy);
      el.style.transform = shift.dx || shift.dy ? `translate(${shift.dx}px, ${shift.dy}px)` : '';
    });
  }
}
