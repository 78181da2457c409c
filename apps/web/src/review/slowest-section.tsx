/** The slowest arrivals of the period; a row opens the case's timeline in the drawer. */
import type { JSX } from 'preact';
import type { SlowestView, TownshipView } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { CsvLink } from './csv-link';
import { categoryLabel, duration } from './review-format';
import type { ReviewStore } from './review-store';
import { rt } from './review-text';

export function SlowestTable({ view, township, onOpen }: { view: SlowestView; township: TownshipView | null; onOpen?: (id: string) => void }): JSX.Element {
  const gridName = (id: string | null) => (id ? (township?.grids.find((g) => g.id === id)?.name ?? '—') : '—');
  return (
    <table class={`review-table${onOpen ? ' clickable' : ''}`} data-testid="slowest">
      <thead>
        <tr>
          <th>{rt('caseNo')}</th>
          <th>{rt('receivedAt')}</th>
          <th>{rt('category')}</th>
          <th>{rt('grid')}</th>
          <th>{rt('toAccept')}</th>
          <th>{rt('toContact')}</th>
          <th>{rt('toArrive')}</th>
          <th>{rt('toClose')}</th>
        </tr>
      </thead>
      <tbody>
        {view.cases.map((c) => (
          <tr key={c.id} data-id={c.id} data-case-no={c.caseNo} data-testid="slowest-row" tabIndex={onOpen ? 0 : undefined} onClick={onOpen ? () => onOpen(c.id) : undefined} onKeyDown={onOpen ? (e) => e.key === 'Enter' && onOpen(c.id) : undefined}>
            <td class="num">{c.caseNo}</td>
            <td class="num">{formatDateTime(c.receivedAt)}</td>
            <td>{categoryLabel(c.category)}</td>
            <td>{gridName(c.gridId)}</td>
            <td class="num">{duration(c.acceptSeconds)}</td>
            <td class="num">{duration(c.contactSeconds)}</td>
            <td class="num strong">{duration(c.arriveSeconds)}</td>
            <td class="num">{duration(c.closedSeconds)}</td>
          </tr>
        ))}
        {view.cases.length ? null : (
          <tr>
            <td colSpan={8} class="empty">
              {rt('empty')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function SlowestSection({ store, onOpen }: { store: ReviewStore; onOpen: (id: string) => void }): JSX.Element {
  const view = store.slowest.value.value;
  return (
    <section class="review-card" data-testid="slowest-card">
      <header class="card-head">
        <h2>{rt('slowest')}</h2>
        <span class="muted">{rt('slowestHint')}</span>
        <CsvLink api={store.api} table="slowest" query={store.exportQuery('slowest')} />
      </header>
      <div class="table-wrap">{view ? <SlowestTable view={view} township={store.township.value.value} onOpen={onOpen} /> : <p class="muted">{rt('loading')}</p>}</div>
    </section>
  );
}
