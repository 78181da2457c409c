/**
 * 网格指数 month by month: one row per grid, best score first, with its band (绿 蓝 橙 红), score and
 * every input behind it, and the same table as CSV (the hub's review export, table=grid-index).
 */
import { REVIEW_API, type ErrorBody, type GridIndexRow, type GridIndexView } from '@xiaonao/contracts';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { locale, onLocaleChange } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { bandColour, percent, scoreText, shanghaiMonth } from './grid-bands';
import { bandText } from './grid-index-layer';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

/** Highest score first; grids without a score last, then by code. */
export function byScore(rows: readonly GridIndexRow[]): GridIndexRow[] {
  return [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.gridCode.localeCompare(b.gridCode));
}

export class GridIndexPanel {
  private readonly button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'grid-index-open' });
  private panel: HTMLElement | null = null;
  private month = shanghaiMonth(new Date());
  private view: GridIndexView | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : void this.open()));
    this.label();
    onLocaleChange(() => {
      this.label();
      this.paint();
    });
  }

  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  async open(): Promise<void> {
    this.panel ??= h('div', { class: 'grid-index-panel', 'data-testid': 'grid-index-panel' });
    if (!this.panel.isConnected) this.host.append(this.panel);
    await this.load();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
  }

  private label(): void {
    this.button.textContent = tx('网格指数', 'Grid index');
  }

  private async load(): Promise<void> {
    try {
      this.view = await this.api.get<GridIndexView>(`${REVIEW_API.gridIndex}?month=${encodeURIComponent(this.month)}`);
      this.paint();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  private paint(): void {
    if (!this.panel) return;
    const close = h('button', { class: 'btn btn-ghost', type: 'button', title: tx('关闭', 'Close') }, '×');
    close.addEventListener('click', () => this.close());
    const month = h('input', { type: 'month', value: this.month, 'data-testid': 'grid-index-month' });
    month.addEventListener('change', () => {
      if (!/^\d{4}-\d{2}$/.test(month.value)) return;
      this.month = month.value;
      void this.load();
    });
    const csv = h('a', { href: '#', class: 'btn btn-ghost', 'data-testid': 'grid-index-csv' }, tx('导出 CSV', 'CSV'));
    csv.addEventListener('click', (e) => {
      e.preventDefault();
      void this.download().catch((error: unknown) => showToast(errorText(error), 'error'));
    });
    this.panel.replaceChildren(
      h('div', { class: 'grid-index-head' }, h('h3', { class: 'detail-sub' }, tx('网格指数', 'Grid index')), h('span', { class: 'grid-index-tools' }, month, csv, close)),
      this.settingsLine(),
      this.table(),
    );
  }

  private settingsLine(): HTMLElement {
    const s = this.view?.settings;
    if (!s) return h('p', { class: 'muted grid-index-bands' });
    return h(
      'p',
      { class: 'muted grid-index-bands' },
      tx(`绿 ≥ ${s.bands.green} · 蓝 ≥ ${s.bands.blue} · 橙 ≥ ${s.bands.orange} · 红 < ${s.bands.orange}`, `Green ≥ ${s.bands.green} · Blue ≥ ${s.bands.blue} · Orange ≥ ${s.bands.orange} · Red < ${s.bands.orange}`),
    );
  }

  private table(): HTMLElement {
    const rows = byScore(this.view?.rows ?? []);
    if (!rows.length) return h('p', { class: 'muted' }, tx('本月没有网格数据', 'No grids this month'));
    const body = rows.map((r) =>
      h(
        'tr',
        { 'data-grid-code': r.gridCode, 'data-band': r.band ?? 'none' },
        h('td', {}, r.gridName, h('div', { class: 'muted' }, r.gridCode)),
        h('td', {}, h('span', { class: 'grid-band-chip', style: `background:${bandColour(r.band)}` }), ' ', bandText(r)),
        h('td', { class: 'num', 'data-testid': 'grid-index-score' }, scoreText(r.score)),
        h('td', { class: 'num' }, percent(r.inputs.rates.accept)),
        h('td', { class: 'num' }, percent(r.inputs.rates.contact)),
        h('td', { class: 'num' }, percent(r.inputs.rates.arrive)),
        h('td', { class: 'num' }, percent(r.inputs.rates.all138)),
        h('td', { class: 'num' }, String(r.inputs.cases)),
        h('td', { class: 'num' }, r.inputs.residents === null ? '—' : String(r.inputs.residents)),
        h('td', { class: 'num' }, r.inputs.casesPer1000 === null ? '—' : r.inputs.casesPer1000.toFixed(1)),
        h('td', { class: 'num' }, String(r.inputs.repeatCases)),
        h('td', { class: 'num' }, percent(r.inputs.rates.satisfaction)),
      ),
    );
    const heads = [
      tx('网格', 'Grid'),
      tx('档', 'Band'),
      tx('得分', 'Score'),
      tx('接单', 'Accept'),
      tx('联系', 'Contact'),
      tx('到场', 'Arrive'),
      tx('1-3-8 合计', '1-3-8 all'),
      tx('案件', 'Cases'),
      tx('常住人口', 'Residents'),
      tx('每千人', 'Per 1,000'),
      tx('重复地点', 'Repeats'),
      tx('回访满意', 'Satisfied'),
    ];
    return h(
      'table',
      { class: 'grid-index-table', 'data-testid': 'grid-index-table' },
      h('thead', {}, h('tr', {}, ...heads.map((c) => h('th', {}, c)))),
      h('tbody', {}, ...body),
    );
  }

  /** The export is behind the operator's token: fetched with it, handed to the browser under the hub's file name. */
  private async download(): Promise<void> {
    const response = await this.api.fetch(`${REVIEW_API.export}?table=grid-index&month=${encodeURIComponent(this.month)}`);
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => null);
      throw new ApiError(response.status, body !== null && typeof body === 'object' && 'message' in body ? (body as ErrorBody) : null);
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const name = utf8 ? decodeURIComponent(utf8) : `grid-index-${this.month}.csv`;
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
