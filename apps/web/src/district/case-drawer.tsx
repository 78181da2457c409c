/**
 * A case opened from the district view, read-only: its facts (caller number masked by the hub), its
 * 1-3-8 clocks and its timeline (shared/case-timeline.ts, placed through the DOM host). No action is
 * offered: region accounts change nothing.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CATEGORY_LABELS, REGION_API, stateLabelOf, type IncidentDetailView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { caseTimeline } from '../shared/case-timeline';
import { formatDateTime } from '../shared/format-time';
import { label } from '../shared/i18n';
import { ClockChips } from '../shared/ui/clock-chips';
import { DomHost } from '../shared/ui/dom-host';
import { useLanguage } from '../shared/ui/page-signals';
import { dt } from './district-text';
import type { DistrictStore } from './district-store';

function Fact({ name, value }: { name: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div class="fact">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function CaseDrawer({ api, store }: { api: ApiClient; store: DistrictStore }) {
  const locale = useLanguage();
  const id = store.opened.value;
  const [detail, setDetail] = useState<IncidentDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    let current = true;
    setDetail(null);
    setError(null);
    api
      .get<IncidentDetailView>(REGION_API.incident(id))
      .then((d) => {
        if (current) setDetail(d);
      })
      .catch((e: unknown) => {
        if (current) setError(errorText(e));
      });
    return () => {
      current = false;
    };
  }, [api, id]);

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
      <div class="drawer-head">
        <div>
          <div class="drawer-title">{dt('drawerTitle')}</div>
          <div class="drawer-case-no num" data-testid="drawer-case-no">
            {facts?.caseNo ?? ''}
          </div>
        </div>
        {facts ? <span class="badge">{stateLabelOf(facts)[locale]}</span> : null}
        <button class="btn btn-ghost" type="button" data-testid="drawer-close" aria-label={dt('close')} onClick={() => store.close()}>
          ✕
        </button>
      </div>
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
