/** Cases by hour of day and by weekday (bars) with the 1-3-8 overall rate (line), and the figures behind them. */
import type { JSX } from 'preact';
import type { ReviewRow, ReviewTrendsView } from '@xiaonao/contracts';
import { hourNames, trendOption, weekdayNames } from './chart-options';
import { CsvLink } from './csv-link';
import { EChart } from './echart';
import { ofDue, percent } from './review-format';
import type { ReviewStore } from './review-store';
import { rt } from './review-text';

/** The rows of a trend as a table: hidden behind a summary on screen, printed in full. */
export function TrendTable({ rows, names, head, testId }: { rows: readonly ReviewRow[]; names: readonly string[]; head: string; testId: string }): JSX.Element {
  return (
    <table class="review-table compact" data-testid={testId}>
      <thead>
        <tr>
          <th>{head}</th>
          <th>{rt('cases')}</th>
          <th>{rt('arrive')} {rt('inTimeOfDue')}</th>
          <th>{rt('all138')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.key} data-key={row.key} data-cases={row.counts.cases}>
            <td>{names[i]}</td>
            <td class="num">{row.counts.cases}</td>
            <td class="num">{ofDue(row.counts.arriveInTime, row.counts.arriveDue)}</td>
            <td class="num">{percent(row.rates.all138)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrendCharts({ view, print }: { view: ReviewTrendsView; print: boolean }): JSX.Element {
  const renderer = print ? 'svg' : 'canvas';
  return (
    <div class="trend-grid">
      <div>
        <h3>{rt('byHour')}</h3>
        <EChart testId="trends-hour-chart" renderer={renderer} height={print ? 220 : 260} option={trendOption(view.byHour, hourNames(), { print })} />
      </div>
      <div>
        <h3>{rt('byWeekday')}</h3>
        <EChart testId="trends-weekday-chart" renderer={renderer} height={print ? 220 : 260} option={trendOption(view.byWeekday, weekdayNames(), { print })} />
      </div>
    </div>
  );
}

export function TrendsSection({ store }: { store: ReviewStore }): JSX.Element {
  const view = store.trends.value.value;
  return (
    <section class="review-card span-2" data-testid="trends">
      <header class="card-head">
        <h2>{rt('trends')}</h2>
        <CsvLink api={store.api} table="trends" query={store.exportQuery('trends')} />
      </header>
      {view ? (
        <>
          <TrendCharts view={view} print={false} />
          <div class="trend-grid">
            <details>
              <summary>{rt('hourTable')}</summary>
              <TrendTable rows={view.byHour} names={hourNames()} head={rt('hour')} testId="trends-hour-table" />
            </details>
            <details>
              <summary>{rt('weekdayTable')}</summary>
              <TrendTable rows={view.byWeekday} names={weekdayNames()} head={rt('weekday')} testId="trends-weekday-table" />
            </details>
          </div>
        </>
      ) : (
        <p class="muted">{rt('loading')}</p>
      )}
    </section>
  );
}
