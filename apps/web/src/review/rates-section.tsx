/** 1-3-8 rates by grid, worker, category, source or station: a tab per dimension, the bars, the table with its total. */
import type { JSX } from 'preact';
import { REVIEW_DIMENSION_LABELS, REVIEW_DIMENSIONS, type ReviewDimension, type ReviewRatesView, type ReviewRow } from '@xiaonao/contracts';
import { ratesOption } from './chart-options';
import { CsvLink } from './csv-link';
import { EChart } from './echart';
import { ofDue, percent, rowLabel } from './review-format';
import type { ReviewStore } from './review-store';
import { labelOf, rt } from './review-text';

function RateCells({ row }: { row: ReviewRow }): JSX.Element {
  const c = row.counts;
  return (
    <>
      <td class="num" data-col="cases">{c.cases}</td>
      <td class="num">{ofDue(c.acceptInTime, c.acceptDue)}</td>
      <td class="num" data-col="accept">{percent(row.rates.accept)}</td>
      <td class="num">{ofDue(c.contactInTime, c.contactDue)}</td>
      <td class="num" data-col="contact">{percent(row.rates.contact)}</td>
      <td class="num">{ofDue(c.arriveInTime, c.arriveDue)}</td>
      <td class="num" data-col="arrive">{percent(row.rates.arrive)}</td>
      <td class="num strong" data-col="all138">{percent(row.rates.all138)}</td>
      <td class="num" data-col="breached">{c.breached}</td>
      <td class="num" data-col="closed">{c.closed}</td>
      <td class="num" data-col="satisfaction">{percent(row.rates.satisfaction)}</td>
    </>
  );
}

/** The table: a row per key and the period's total at the foot. */
export function RatesTable({ view, by, testId = 'rates-table' }: { view: ReviewRatesView; by: ReviewDimension; testId?: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="review-table" data-testid={testId}>
        <thead>
          <tr>
            <th>{labelOf(REVIEW_DIMENSION_LABELS, by)}</th>
            <th>{rt('cases')}</th>
            <th>{rt('accept')} {rt('inTimeOfDue')}</th>
            <th>{rt('acceptRate')}</th>
            <th>{rt('contact')} {rt('inTimeOfDue')}</th>
            <th>{rt('contactRate')}</th>
            <th>{rt('arrive')} {rt('inTimeOfDue')}</th>
            <th>{rt('arriveRate')}</th>
            <th>{rt('all138')}</th>
            <th>{rt('breached')}</th>
            <th>{rt('closed')}</th>
            <th>{rt('satisfaction')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <td>{rowLabel(by, row)}</td>
              <RateCells row={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="total-row" data-testid="rates-total">
            <td>{rt('totals')}</td>
            <RateCells row={view.total} />
          </tr>
        </tfoot>
      </table>
      {view.rows.length ? null : <div class="empty">{rt('empty')}</div>}
    </div>
  );
}

export function RatesSection({ store }: { store: ReviewStore }): JSX.Element {
  const view = store.rates.value.value;
  const by = store.by.value;
  return (
    <section class="review-card span-2" data-testid="rates">
      <header class="card-head">
        <h2>{rt('rates')}</h2>
        <div class="tabs" role="tablist">
          {REVIEW_DIMENSIONS.map((d) => (
            <button key={d} type="button" role="tab" class={`tab${d === by ? ' on' : ''}`} aria-selected={d === by} data-testid={`rates-tab-${d}`} onClick={() => void store.setBy(d)}>
              {labelOf(REVIEW_DIMENSION_LABELS, d)}
            </button>
          ))}
        </div>
        <CsvLink api={store.api} table="rates" query={store.exportQuery('rates')} />
      </header>
      {view ? (
        <>
          <EChart testId="rates-chart" option={ratesOption(view, view.by, { print: false })} />
          <RatesTable view={view} by={view.by} />
        </>
      ) : (
        <p class="muted">{rt('loading')}</p>
      )}
    </section>
  );
}
