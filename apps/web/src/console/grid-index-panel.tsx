/**
 * 网格指数 month by month: one row per grid, best score first, with its band (绿 蓝 橙 红), score and
 * every input behind it, and the same table as CSV (the hub's review export, table=grid-index).
 */
import { useEffect, useState } from 'preact/hooks';
import { REVIEW_API, type GridIndexRow, type GridIndexView } from '@xiaonao/contracts';
import { errorText } from '../shared/api-client';
import { locale } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { downloadAttachment } from './download';
import { bandColour, percent, scoreText, shanghaiMonth } from './grid-bands';
import { bandText } from './grid-index-layer';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

/** Highest score first; grids without a score last, then by code. */
export function byScore(rows: readonly GridIndexRow[]): GridIndexRow[] {
  return [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.gridCode.localeCompare(b.gridCode));
}

export function GridIndexPanel() {
  useLanguage();
  const actions = useActions();
  const [month, setMonth] = useState(() => shanghaiMonth(new Date()));
  const [view, setView] = useState<GridIndexView | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    actions.api.get<GridIndexView>(`${REVIEW_API.gridIndex}?month=${encodeURIComponent(month)}`).then(
      (answer) => {
        setView(answer);
        setLoaded(true);
      },
      (e: unknown) => showToast(errorText(e), 'error'),
    );
  }, [month]);
  if (!loaded) return <div class="grid-index-panel" data-testid="grid-index-panel" />;
  const s = view?.settings;
  return (
    <div class="grid-index-panel" data-testid="grid-index-panel">
      <div class="grid-index-head">
        <h3 class="detail-sub">{tx('网格指数', 'Grid index')}</h3>
        <span class="grid-index-tools">
          <input
            type="month"
            value={month}
            data-testid="grid-index-month"
            onChange={(e) => {
              const chosen = e.currentTarget.value;
              if (/^\d{4}-\d{2}$/.test(chosen)) setMonth(chosen);
            }}
          />
          <a
            href="#"
            class="btn btn-ghost"
            data-testid="grid-index-csv"
            onClick={(e) => {
              e.preventDefault();
              // The export is behind the operator's token: fetched with it, handed to the browser under the hub's file name.
              downloadAttachment(actions.api, `${REVIEW_API.export}?table=grid-index&month=${encodeURIComponent(month)}`, `grid-index-${month}.csv`).catch((error: unknown) =>
                showToast(errorText(error), 'error'),
              );
            }}
          >
            {tx('导出 CSV', 'CSV')}
          </a>
          <button class="btn btn-ghost" type="button" title={tx('关闭', 'Close')} onClick={() => actions.togglePanel('gridIndex', false)}>
            ×
          </button>
        </span>
      </div>
      <p class="muted grid-index-bands">
        {s
          ? tx(
              `绿 ≥ ${s.bands.green} · 蓝 ≥ ${s.bands.blue} · 橙 ≥ ${s.bands.orange} · 红 < ${s.bands.orange}`,
              `Green ≥ ${s.bands.green} · Blue ≥ ${s.bands.blue} · Orange ≥ ${s.bands.orange} · Red < ${s.bands.orange}`,
            )
          : null}
      </p>
      <GridIndexTable rows={byScore(view?.rows ?? [])} />
    </div>
  );
}

function GridIndexTable({ rows }: { rows: readonly GridIndexRow[] }) {
  if (!rows.length) return <p class="muted">{tx('本月没有网格数据', 'No grids this month')}</p>;
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
  return (
    <table class="grid-index-table" data-testid="grid-index-table">
      <thead>
        <tr>
          {heads.map((c, i) => (
            <th key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.gridId} data-grid-code={r.gridCode} data-band={r.band ?? 'none'}>
            <td>
              {r.gridName}
              <div class="muted">{r.gridCode}</div>
            </td>
            <td>
              <span class="grid-band-chip" style={`background:${bandColour(r.band)}`} /> {bandText(r)}
            </td>
            <td class="num" data-testid="grid-index-score">
              {scoreText(r.score)}
            </td>
            <td class="num">{percent(r.inputs.rates.accept)}</td>
            <td class="num">{percent(r.inputs.rates.contact)}</td>
            <td class="num">{percent(r.inputs.rates.arrive)}</td>
            <td class="num">{percent(r.inputs.rates.all138)}</td>
            <td class="num">{String(r.inputs.cases)}</td>
            <td class="num">{r.inputs.residents === null ? '—' : String(r.inputs.residents)}</td>
            <td class="num">{r.inputs.casesPer1000 === null ? '—' : r.inputs.casesPer1000.toFixed(1)}</td>
            <td class="num">{String(r.inputs.repeatCases)}</td>
            <td class="num">{percent(r.inputs.rates.satisfaction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
