/**
 * The map legend: grid kinds, worker statuses, stale positions (with how many), whether a worker can be
 * reached (the dot's ring), case pins. Redrawn when the language changes.
 */
import { GRID_KINDS, GRID_KIND_LABELS, WORKER_STATUSES, WORKER_STATUS_LABELS } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t } from '../shared/i18n';
import { GRID_COLOURS, WORKER_COLOURS } from './map-colours';
import { REACH_COLOURS, REACH_VERDICTS, verdictText } from './reachability';

export function renderLegend(root: HTMLElement, staleWorkers = 0): void {
  root.replaceChildren(
    ...GRID_KINDS.map((kind) =>
      h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-grid', style: `--c:${GRID_COLOURS[kind]}` }), label(GRID_KIND_LABELS, kind)),
    ),
    ...WORKER_STATUSES.map((status) =>
      h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-dot', style: `--c:${WORKER_COLOURS[status]}` }), label(WORKER_STATUS_LABELS, status)),
    ),
    h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-dot', style: `--c:${WORKER_COLOURS.off_duty}` }), t('offDuty')),
    h(
      'div',
      { class: 'legend-item' },
      h('span', { class: 'swatch swatch-dot swatch-stale', style: `--c:${WORKER_COLOURS.available}` }),
      t('staleLegend'),
      h('span', { class: 'legend-count num', 'data-testid': 'stale-count' }, String(staleWorkers)),
    ),
    // Only the doubtful and the bad get a ring: a reachable worker is the normal case.
    ...REACH_VERDICTS.filter((verdict) => verdict !== 'good').map((verdict) =>
      h(
        'div',
        { class: 'legend-item', 'data-reach': verdict },
        h('span', { class: 'swatch swatch-dot swatch-reach', style: `--c:${WORKER_COLOURS.available};--ring:${REACH_COLOURS[verdict]}` }),
        verdictText(verdict),
      ),
    ),
    h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-pin' }, '!'), t('incident')),
  );
}

/** Once a second: how many workers are drawn stale; the text is touched only when the number changes. */
export function updateLegendStaleCount(root: HTMLElement, staleWorkers: number): void {
  const el = root.querySelector<HTMLElement>('[data-testid="stale-count"]');
  const text = String(staleWorkers);
  if (el && el.textContent !== text) el.textContent = text;
}
