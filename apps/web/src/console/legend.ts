/** The map legend: grid kinds, worker statuses, case pins. Redrawn when the language changes. */
import { GRID_KINDS, GRID_KIND_LABELS, WORKER_STATUSES, WORKER_STATUS_LABELS } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t } from '../shared/i18n';
import { GRID_COLOURS, WORKER_COLOURS } from './map-colours';

export function renderLegend(root: HTMLElement): void {
  root.replaceChildren(
    ...GRID_KINDS.map((kind) =>
      h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-grid', style: `--c:${GRID_COLOURS[kind]}` }), label(GRID_KIND_LABELS, kind)),
    ),
    ...WORKER_STATUSES.map((status) =>
      h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-dot', style: `--c:${WORKER_COLOURS[status]}` }), label(WORKER_STATUS_LABELS, status)),
    ),
    h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-dot', style: `--c:${WORKER_COLOURS.off_duty}` }), t('offDuty')),
    h('div', { class: 'legend-item' }, h('span', { class: 'swatch swatch-pin' }, '!'), t('incident')),
  );
}
