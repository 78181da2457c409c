/**
 * A case opened from the district view, read-only: its facts (caller number masked by the hub), its
 * 1-3-8 clocks and its timeline (shared/case-timeline.ts, placed through the DOM host). No action is
 * offered: region accounts change nothing.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { CATEGORY_LABELS, REGION_API, stateLabelOf } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';
import { caseTimeline } from '../shared/case-timeline';
import { formatDateTime } from '../shared/format-time';
import { label } from '../shared/i18n';
import { DrawerHead, Fact } from '../shared/ui/case-drawer-parts';
import { ClockChips } from '../shared/ui/clock-chips';
import { DomHost } from '../shared/ui/dom-host';
import { useLanguage } from '../shared/ui/page-signals';
import { useCaseDetail } from '../shared/ui/use-case-detail';
import { dt } from './district-text';
import type { DistrictStore } from './district-store';

export function CaseDrawer({ api, store }: { api: ApiClient; store: DistrictStore }) {
  const locale = useLanguage();
  const id = store.opened.value;
  const { detail, error } = useCaseDetail(api, id ? REGION_API.incident(id) : null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  // The live copy of the case, where the socket has news newer than the fetched detail.
  const live = id ? store.incidents.value.get(id) : undefined;
  const timeline = useMemo(() => (detail ? caseTimeline(detail, dt('noTimeline')) : null), [detail, locale]);
  if (!id) return null;
  const facts = live ?? detail;
  return (
    <aside class="case-drawer" data-testid="case-drawer" data-case-id={id} data-read-only="true" aria-label={dt('drawerTitle')}>
      <DrawerHead title={dt('drawerTitle')} caseNo={facts?.caseNo ?? ''} closeLabel={dt('close')} onClose={() => store.close()}>
        {facts ? <span class="badge">{stateLabelOf(facts)[locale]}</span> : null}
      </DrawerHead>
      <p class="muted read-only-note">{dt('readOnly')}</p>
      {error ? <p class="error-text">{error}</p> : null}
      {facts ? (
        <>
          <dl class="facts" data-testid="drawer-facts">
            <Fact name={dt('township')} value={store.townshipName.value.get(facts.townshipId)} />
            <Fact name={dt('receivedAt')} value={formatDateTime(facts.receivedAt)} />
            <Fact name={dt('category')} value={label(CATEGORY_LABELS, facts.category)} />
            <Fact name={dt('address')} value={facts.address} />
            <Fact name={dt('caller')} value={facts.callerPhone} />
            <Fact name={dt('worker')} value={facts.worker?.name} />
          </dl>
          <ClockChips incident={facts} />
        </>
      ) : null}
      <h3 class="drawer-sub">{dt('timeline')}</h3>
      {timeline ? <DomHost node={timeline} testId="drawer-timeline" /> : error ? null : <p class="muted">{dt('loading')}</p>}
    </aside>
  );
}
