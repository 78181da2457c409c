/** The review on screen: period, rates, trends, heat map, repeats, slowest cases, grid index and staffing. */
import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ReviewPeriod } from '@xiaonao/contracts';
import type { LiveSession } from '../shared/session';
import { CaseDrawer } from './case-drawer';
import { GridIndexSection } from './grid-index-section';
import { HeatmapSection } from './heatmap-section';
import { PeriodPicker } from './period-picker';
import { RatesSection } from './rates-section';
import { RepeatsSection } from './repeats-section';
import { printQuery, readQuery, writeQuery } from './review-period';
import { scopeName } from './review-scope';
import type { ReviewStore } from './review-store';
import { lang, rt } from './review-text';
import { ReviewTopbar } from './review-topbar';
import { SlowestSection } from './slowest-section';
import { StaffingWhatIf } from './staffing-what-if';
import { TrendsSection } from './trends-section';

export interface ReviewAppProps {
  store: ReviewStore;
  session: LiveSession;
  today: string;
}

export function ReviewApp({ store, session, today }: ReviewAppProps): JSX.Element {
  const [openCase, setOpenCase] = useState<string | null>(null);
  const closeCase = useCallback(() => setOpenCase(null), []);
  const township = store.township.value.value;
  const loaded = store.loaded.value;

  useEffect(() => {
    // After the first period's tables are in the page (effects run once the DOM is updated).
    if (loaded) document.body.dataset.reviewLoaded = 'true';
  }, [loaded]);

  useEffect(() => {
    document.title = `${rt('title')} · ${township?.name ?? '小脑'}`;
  }, [township, lang.value]);

  useEffect(() => {
    // Back and forward walk through the periods looked at.
    const onPop = () => {
      const next = readQuery(location.search, today);
      store.by.value = next.by;
      void store.setPeriod(next.period);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [store, today]);

  const choosePeriod = (period: ReviewPeriod) => {
    history.pushState(null, '', writeQuery(location.search, { period, by: store.by.value }));
    void store.setPeriod(period);
  };
  const print = () => {
    window.open(`./review.html${printQuery(location.search, store.period.value)}`, '_blank', 'noopener');
  };

  useEffect(() => {
    // The tab is part of the link too.
    history.replaceState(null, '', writeQuery(location.search, { period: store.period.value, by: store.by.value }));
  }, [store.by.value, store.period.value]);

  return (
    <div class="review-page" data-testid="review-page" data-role={session.role}>
      <ReviewTopbar role={session.role} userName={session.user.displayName} scope={scopeName(session.user, township)} />
      <main class="review-main">
        <PeriodPicker period={store.period.value} today={today} onChange={choosePeriod} onPrint={print} />
        {store.error.value ? (
          <p class="error-text" role="alert" data-testid="review-error">
            {store.error.value}
          </p>
        ) : null}
        <div class="review-grid">
          <RatesSection store={store} />
          <TrendsSection store={store} />
          <HeatmapSection store={store} />
          <RepeatsSection store={store} />
          <SlowestSection store={store} onOpen={setOpenCase} />
          {store.townshipWide ? <GridIndexSection store={store} /> : null}
          {store.townshipWide ? (
            <section class="review-card span-2" data-testid="staffing-card">
              <StaffingWhatIf api={store.api} grids={township?.grids ?? []} />
            </section>
          ) : null}
        </div>
      </main>
      {openCase ? <CaseDrawer api={store.api} id={openCase} onClose={closeCase} /> : null}
    </div>
  );
}
