/** 网格指数 of a month: each grid's score in its band colour, best first, with the inputs behind it (operators and leaders). */
import type { JSX } from 'preact';
import { GRID_BAND_LABELS, type GridIndexView } from '@xiaonao/contracts';
import { bandColour, scoreText } from '../console/grid-bands';
import { CsvLink } from './csv-link';
import { percent } from './review-format';
import type { ReviewStore } from './review-store';
import { labelOf, rt } from './review-text';

export function GridIndexTable({ view }: { view: GridIndexView }): JSX.Element {
  const rows = [...view.rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.gridCode.localeCompare(b.gridCode));
  return (
    <table class="review-table" data-testid="grid-index-table">
      <thead>
        <tr>
          <th>{rt('grid')}</th>
          <th>{rt('score')}</th>
          <th>{rt('band')}</th>
          <th>{rt('cases')}</th>
          <th>{rt('residents')}</th>
          <th>{rt('per1000')}</th>
          <th>{rt('repeatCases')}</th>
          <th>{rt('acceptRate')}</th>
          <th>{rt('contactRate')}</th>
          <th>{rt('arriveRate')}</th>
          <th>{rt('satisfaction')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.gridId} data-grid-code={r.gridCode} data-band={r.band ?? 'none'}>
            <td>
              {r.gridName} <span class="muted">{r.gridCode}</span>
            </td>
            <td class="num strong" data-testid="grid-index-score">
              {scoreText(r.score)}
            </td>
            <td>
              <span class="band-chip" style={{ backgroundColor: bandColour(r.band) }}>
                {r.band ? labelOf(GRID_BAND_LABELS, r.band) : rt('noBand')}
              </span>
            </td>
            <td class="num">{r.inputs.cases}</td>
            <td class="num">{r.inputs.residents ?? '—'}</td>
            <td class="num">{r.inputs.casesPer1000 === null ? '—' : r.inputs.casesPer1000.toFixed(1)}</td>
            <td class="num">{r.inputs.repeatCases}</td>
            <td class="num">{percent(r.inputs.rates.accept)}</td>
            <td class="num">{percent(r.inputs.rates.contact)}</td>
            <td class="num">{percent(r.inputs.rates.arrive)}</td>
            <td class="num">{percent(r.inputs.rates.satisfaction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GridIndexSection({ store }: { store: ReviewStore }): JSX.Element {
  const view = store.gridIndex.value.value;
  return (
    <section class="review-card span-2" data-testid="grid-index">
      <header class="card-head">
        <h2>{rt('gridIndex')}</h2>
        <label class="day-input">
          {rt('month')}
          <input type="month" data-testid="grid-index-month" value={store.month.value} onChange={(e) => /^\d{4}-\d{2}$/.test(e.currentTarget.value) && void store.setMonth(e.currentTarget.value)} />
        </label>
        <CsvLink api={store.api} table="grid-index" query={store.exportQuery('grid-index')} />
      </header>
      <div class="table-wrap">{view ? <GridIndexTable view={view} /> : <p class="muted">{rt('loading')}</p>}</div>
    </section>
  );
}
