/**
 * 研判日报, the printable review of one period: who and when, the totals, the rates by every
 * dimension, the trends (charts as SVG, which stays sharp on paper), the repeats, the slowest cases and
 * (for the township) the grid index. A4 through @media print; nothing prints until 打印 is pressed.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { REVIEW_DIMENSION_LABELS, REVIEW_DIMENSIONS, REVIEW_API, type ReviewDimension, type ReviewPeriod, type ReviewRatesView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { formatWallClock } from '../shared/format-time';
import type { LiveSession } from '../shared/session';
import { ratesOption, weekdayNames } from './chart-options';
import { EChart } from './echart';
import { GridIndexTable } from './grid-index-section';
import { RatesTable } from './rates-section';
import { CallersTable, PlacesTable } from './repeats-section';
import { percent } from './review-format';
import { periodParams } from './review-period';
import { scopeName } from './review-scope';
import { ReviewStore } from './review-store';
import { labelOf, rt } from './review-text';
import { SlowestTable } from './slowest-section';
import { TrendCharts, TrendTable } from './trends-section';

export interface PrintViewProps {
  api: ApiClient;
  session: LiveSession;
  period: ReviewPeriod;
  townshipWide: boolean;
}

type RatesByDimension = Partial<Record<ReviewDimension, ReviewRatesView>>;

function Totals({ view }: { view: ReviewRatesView }): JSX.Element {
  const t = view.total;
  const item = (name: string, value: string, testId?: string) => (
    <div class="print-total" data-testid={testId}>
      <span class="print-total-value num">{value}</span>
      <span class="print-total-name">{name}</span>
    </div>
  );
  return (
    <div class="print-totals" data-testid="print-totals">
      {item(rt('cases'), String(t.counts.cases), 'print-total-cases')}
      {item(rt('acceptRate'), percent(t.rates.accept))}
      {item(rt('contactRate'), percent(t.rates.contact))}
      {item(rt('arriveRate'), percent(t.rates.arrive))}
      {item(rt('all138'), percent(t.rates.all138), 'print-total-all138')}
      {item(rt('breached'), String(t.counts.breached))}
      {item(rt('closed'), String(t.counts.closed))}
      {item(rt('satisfaction'), percent(t.rates.satisfaction))}
    </div>
  );
}

export function PrintView({ api, session, period, townshipWide }: PrintViewProps): JSX.Element {
  const [store] = useState(() => new ReviewStore(api, { period, by: 'grid' }, townshipWide));
  const [rates, setRates] = useState<RatesByDimension>({});
  const [error, setError] = useState<string | null>(null);
  const [generatedAt] = useState(() => formatWallClock(new Date()));
  const township = store.township.value.value;
  const done = store.loaded.value && REVIEW_DIMENSIONS.every((d) => rates[d]);

  useEffect(() => {
    const all = Promise.all(REVIEW_DIMENSIONS.map((by) => api.get<ReviewRatesView>(`${REVIEW_API.rates}?${periodParams(period, { by })}`).then((view) => [by, view] as const)));
    all.then((pairs) => setRates(Object.fromEntries(pairs))).catch((e: unknown) => setError(errorText(e)));
    void store.loadAll();
  }, [api, store, period]);

  useEffect(() => {
    if (done) document.body.dataset.reviewLoaded = 'true';
  }, [done]);

  useEffect(() => {
    document.title = `${rt('printTitle')} ${period.from}${period.from === period.to ? '' : `–${period.to}`}`;
  }, [period]);

  const trends = store.trends.value.value;
  const places = store.places.value.value;
  const callers = store.callers.value.value;
  const slowest = store.slowest.value.value;
  const gridIndex = store.gridIndex.value.value;
  const byGrid = rates.grid;
  const back = new URLSearchParams(location.search);
  back.delete('print');
  const hours = trends?.byHour.filter((r) => r.counts.cases > 0) ?? [];

  return (
    <article class="print-view" data-testid="print-view">
      <div class="print-actions no-print">
        <button class="btn btn-primary" type="button" data-testid="print-now" onClick={() => window.print()}>
          {rt('printNow')}
        </button>
        <a class="btn btn-ghost" href={`./review.html?${back.toString()}`}>
          {rt('backToPage')}
        </a>
      </div>
      <header class="print-head">
        <h1>
          {scopeName(session.user, township)} {rt('printTitle')}
        </h1>
        <p data-testid="print-period">{rt('periodText', { from: period.from, to: period.to })}</p>
        <p class="muted">{rt('generatedAt', { t: generatedAt })}</p>
      </header>
      {(error ?? store.error.value) ? <p class="error-text">{error ?? store.error.value}</p> : null}
      {byGrid ? <Totals view={byGrid} /> : <p class="muted">{rt('loading')}</p>}
      {byGrid ? (
        <section class="print-section">
          <h2>{rt('rates')}</h2>
          <EChart testId="print-rates-chart" renderer="svg" height={240} option={ratesOption(byGrid, 'grid', { print: true })} />
        </section>
      ) : null}
      {REVIEW_DIMENSIONS.map((by) => {
        const view = rates[by];
        return view ? (
          <section class="print-section" key={by}>
            <h2>
              {rt('rates')} · {labelOf(REVIEW_DIMENSION_LABELS, by)}
            </h2>
            <RatesTable view={view} by={by} testId={`print-rates-${by}`} />
          </section>
        ) : null;
      })}
      {trends ? (
        <section class="print-section">
          <h2>{rt('trends')}</h2>
          <TrendCharts view={trends} print />
          <div class="trend-grid">
            <TrendTable rows={hours} names={hours.map((r) => `${r.key}:00`)} head={rt('hour')} testId="print-trends-hour" />
            <TrendTable rows={trends.byWeekday} names={weekdayNames()} head={rt('weekday')} testId="print-trends-weekday" />
          </div>
        </section>
      ) : null}
      {places ? (
        <section class="print-section">
          <h2>{rt('repeatPlaces')}</h2>
          <PlacesTable view={places} township={township} />
        </section>
      ) : null}
      {callers ? (
        <section class="print-section">
          <h2>{rt('repeatCallers')}</h2>
          <CallersTable view={callers} />
        </section>
      ) : null}
      {slowest ? (
        <section class="print-section">
          <h2>{rt('slowest')}</h2>
          <SlowestTable view={slowest} township={township} />
        </section>
      ) : null}
      {townshipWide && gridIndex ? (
        <section class="print-section">
          <h2>
            {rt('gridIndex')} · {gridIndex.month}
          </h2>
          <GridIndexTable view={gridIndex} />
        </section>
      ) : null}
    </article>
  );
}

