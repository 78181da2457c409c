/**
 * 网格指数 on the console map: when switched on, each grid is filled with its band colour (绿 蓝 橙 红)
 * for this month (Beijing), and its tooltip gives the score and the inputs behind it. Off by default;
 * the choice is remembered in this browser (console-store.ts). Grids are drawn from the township's polygons through
 * `toDisplayLatLng`, like every other layer, above the plain grid outlines.
 */
import { layerGroup, polygon } from 'leaflet';
import { GRID_BAND_LABELS, REVIEW_API, type GridIndexRow, type GridIndexView, type TownshipView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { label, locale } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { bandColour, percent, scoreText, shanghaiMonth } from './grid-bands';
import { toDisplayLatLng } from './map-projection';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

/** The inputs behind a grid's score, one line each, as the API gives them. */
export function gridIndexInputLines(row: GridIndexRow): string[] {
  const i = row.inputs;
  return [
    `${tx('接单及时率', 'Accepted in time')} ${percent(i.rates.accept)} · ${tx('联系', 'Contacted')} ${percent(i.rates.contact)} · ${tx('到场', 'Arrived')} ${percent(i.rates.arrive)}`,
    `${tx('案件', 'Cases')} ${i.cases} · ${tx('常住人口', 'Residents')} ${i.residents ?? '—'} · ${tx('每千人', 'Per 1,000')} ${i.casesPer1000 === null ? '—' : i.casesPer1000.toFixed(1)}`,
    `${tx('重复地点案件', 'Repeat-place cases')} ${i.repeatCases} · ${tx('回访满意率', 'Satisfaction')} ${percent(i.rates.satisfaction)}`,
  ];
}

export function bandText(row: GridIndexRow): string {
  return row.band ? label(GRID_BAND_LABELS, row.band) : tx('无数据', 'No data');
}

/** The layer itself; switched on and off by the store's `gridIndexOn` (the toggle is grid-index-toggle.tsx). */
export class GridIndexLayer {
  readonly layer = layerGroup();
  private township: TownshipView | null = null;
  private view: GridIndexView | null = null;
  private on = false;

  constructor(private readonly api: ApiClient) {}

  setTownship(township: TownshipView): void {
    this.township = township;
    if (this.on && !this.view) void this.load();
    else this.draw();
  }

  /** Everything again: after the tiles changed datum or the language changed. */
  draw(): void {
    this.layer.clearLayers();
    if (!this.on || !this.township || !this.view) return;
    const rows = new Map(this.view.rows.map((r) => [r.gridId, r]));
    for (const grid of this.township.grids) {
      const row = rows.get(grid.id);
      const colour = bandColour(row?.band ?? null);
      const rings = grid.polygon.map((ring) => ring.map(([lng, lat]) => toDisplayLatLng({ lng, lat })));
      const shape = polygon(rings, { color: colour, weight: 2, opacity: 0.9, fillColor: colour, fillOpacity: 0.35, className: 'grid-index-shape' });
      const tip = row
        ? [`${grid.name} · ${tx('网格指数', 'Grid index')} ${scoreText(row.score)}（${bandText(row)}）`, ...gridIndexInputLines(row)]
        : [`${grid.name} · ${tx('网格指数', 'Grid index')} —`];
      // Built as nodes, not HTML: grid names are the township's own text.
      shape.bindTooltip(h('div', { 'data-testid': 'grid-index-tip' }, ...tip.map((line) => h('div', {}, line))), { sticky: true, className: 'map-tip grid-index-tip' });
      shape.addTo(this.layer);
      const path = shape.getElement();
      if (path) {
        path.setAttribute('data-grid-code', grid.code);
        path.setAttribute('data-band', row?.band ?? 'none');
      }
    }
  }

  switch(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    if (on) void this.load();
    else this.draw();
  }

  private async load(): Promise<void> {
    try {
      const month = shanghaiMonth(new Date());
      this.view = await this.api.get<GridIndexView>(`${REVIEW_API.gridIndex}?month=${month}`);
      this.draw();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }
}
