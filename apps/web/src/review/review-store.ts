/**
 * The page's state: the hub's answers as the contracts type them, one signal each, and the choices
 * that ask for them (period, tab, repeat thresholds, month). Each answer has its own sequence so a
 * slow reply to an earlier choice never overwrites a later one.
 */
import { batch, signal, type Signal } from '@preact/signals';
import {
  API,
  REVIEW_API,
  type GridIndexView,
  type HeatmapView,
  type RepeatCallersView,
  type RepeatPlacesView,
  type ReviewDimension,
  type ReviewPeriod,
  type ReviewRatesView,
  type ReviewTable,
  type ReviewTrendsView,
  type SlowestView,
  type TownshipView,
} from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { periodParams } from './review-period';

/** The thresholds of the repeat tables; '' leaves the township's setting in force. */
export interface RepeatChoice {
  mode: 'address' | 'radius';
  radiusM: number;
  minCases: string;
  days: string;
}

/** One answer of the hub, kept with the sequence of the request that asked for it. */
class Answer<T> {
  readonly value: Signal<T | null> = signal(null);
  private seq = 0;

  async load(api: ApiClient, path: string): Promise<void> {
    const mine = ++this.seq;
    const answer = await api.get<T>(path);
    if (mine === this.seq) this.value.value = answer;
  }
}

export class ReviewStore {
  readonly period: Signal<ReviewPeriod>;
  readonly by: Signal<ReviewDimension>;
  readonly repeat = signal<RepeatChoice>({ mode: 'address', radiusM: 200, minCases: '', days: '' });
  readonly month: Signal<string>;
  readonly error = signal<string | null>(null);
  /** Set once every answer of the first period is in. */
  readonly loaded = signal(false);

  readonly rates = new Answer<ReviewRatesView>();
  readonly trends = new Answer<ReviewTrendsView>();
  readonly places = new Answer<RepeatPlacesView>();
  readonly callers = new Answer<RepeatCallersView>();
  readonly slowest = new Answer<SlowestView>();
  readonly heatmap = new Answer<HeatmapView>();
  readonly gridIndex = new Answer<GridIndexView>();
  readonly township = new Answer<TownshipView>();

  constructor(
    readonly api: ApiClient,
    first: { period: ReviewPeriod; by: ReviewDimension },
    /** Operators and leaders: the grid index and the staffing what-if. */
    readonly townshipWide: boolean,
  ) {
    this.period = signal(first.period);
    this.by = signal(first.by);
    this.month = signal(first.period.to.slice(0, 7));
  }

  /** Every table of the period (and the names for the header), then `loaded`. */
  async loadAll(): Promise<void> {
    const p = this.period.value;
    const work = [
      this.loadRates(),
      this.trends.load(this.api, `${REVIEW_API.trends}?${periodParams(p)}`),
      this.loadRepeats(),
      this.slowest.load(this.api, `${REVIEW_API.slowest}?${periodParams(p)}`),
      this.heatmap.load(this.api, `${REVIEW_API.heatmap}?${periodParams(p)}`),
      this.townshipWide ? this.loadGridIndex() : Promise.resolve(),
    ];
    // The names in the header are a nicety: the tables stand without them.
    if (!this.township.value.value) void this.township.load(this.api, API.township).catch(() => undefined);
    await this.guard(Promise.all(work));
    this.loaded.value = true;
  }

  setPeriod(period: ReviewPeriod): Promise<void> {
    batch(() => {
      this.period.value = period;
      this.month.value = period.to.slice(0, 7);
    });
    return this.loadAll();
  }

  setBy(by: ReviewDimension): Promise<void> {
    this.by.value = by;
    return this.guard(this.loadRates());
  }

  setRepeat(choice: RepeatChoice): Promise<void> {
    this.repeat.value = choice;
    return this.guard(this.loadRepeats());
  }

  setMonth(month: string): Promise<void> {
    this.month.value = month;
    return this.guard(this.loadGridIndex());
  }

  /** The query of a table's CSV: the same parameters the table was asked with. */
  exportQuery(table: ReviewTable): string {
    const p = this.period.value;
    switch (table) {
      case 'rates':
        return periodParams(p, { table, by: this.by.value });
      case 'repeat-places':
        return periodParams(p, { table, ...this.repeatParams(true) });
      case 'repeat-callers':
        return periodParams(p, { table, ...this.repeatParams(false) });
      case 'grid-index':
        return periodParams(p, { table, month: this.month.value });
      case 'trends':
      case 'slowest':
      case 'heatmap':
        return periodParams(p, { table });
    }
  }

  private loadRates(): Promise<void> {
    return this.rates.load(this.api, `${REVIEW_API.rates}?${periodParams(this.period.value, { by: this.by.value })}`);
  }

  private repeatParams(places: boolean): Record<string, string | number | undefined> {
    const r = this.repeat.value;
    return { minCases: r.minCases, days: r.days, radiusM: places ? (r.mode === 'radius' ? r.radiusM : 0) : undefined };
  }

  private loadRepeats(): Promise<void> {
    const p = this.period.value;
    return Promise.all([
      this.places.load(this.api, `${REVIEW_API.repeatPlaces}?${periodParams(p, this.repeatParams(true))}`),
      this.callers.load(this.api, `${REVIEW_API.repeatCallers}?${periodParams(p, this.repeatParams(false))}`),
    ]).then(() => undefined);
  }

  private loadGridIndex(): Promise<void> {
    return this.gridIndex.load(this.api, `${REVIEW_API.gridIndex}?month=${encodeURIComponent(this.month.value)}`);
  }

  /** A refused or failed request shows its message above the tables; the other tables stay. */
  private async guard(work: Promise<unknown>): Promise<void> {
    try {
      await work;
      this.error.value = null;
    } catch (e) {
      this.error.value = errorText(e);
    }
  }
}
