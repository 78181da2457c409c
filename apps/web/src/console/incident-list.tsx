/**
 * The side panel's list: open cases most urgent first (breached, at risk, then the nearest deadline),
 * then today's closed cases, folded. A clock turning reorders the list (urgencyOrder in the store).
 */
import { useRef, useState } from 'preact/hooks';
import type { IncidentView } from '@xiaonao/contracts';
import { t } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { closedTodayOrder, incidents, liveLoaded, selectedId, urgencyOrder } from './console-store';
import { IncidentCard } from './incident-card';

function casesOf(order: string, known: ReadonlyMap<string, IncidentView>): IncidentView[] {
  return order ? order.split(',').flatMap((id) => known.get(id) ?? []) : [];
}

export function IncidentList() {
  useLanguage();
  const actions = useActions();
  const [closedOpen, setClosedOpen] = useState(false);
  /** Cases drawn before: one arriving while the console is open flashes once. */
  const seen = useRef(new Set<string>());
  /** Set once the first load has been drawn: what it brought is not news. */
  const primed = useRef(false);
  const known = incidents.value;
  const open = casesOf(urgencyOrder.value, known);
  const closed = casesOf(closedTodayOrder.value, known);
  const selected = selectedId.value;
  const fresh = new Set(primed.current ? open.filter((i) => !seen.current.has(i.id)).map((i) => i.id) : []);
  for (const incident of open) seen.current.add(incident.id);
  if (liveLoaded.value) primed.current = true;
  return (
    <div id="incident-list" class="incident-list" data-testid="incident-list">
      <h2 class="list-title">
        {t('openCases')}
        <span class="count num">{String(open.length)}</span>
      </h2>
      {open.length ? (
        open.map((incident) => <IncidentCard key={incident.id} incident={incident} selected={incident.id === selected} fresh={fresh.has(incident.id)} onPick={actions.pick} />)
      ) : (
        <div class="empty">{t('noOpenCases')}</div>
      )}
      {closed.length ? (
        <button class="closed-toggle" type="button" aria-expanded={closedOpen ? 'true' : 'false'} onClick={() => setClosedOpen(!closedOpen)}>
          {`${closedOpen ? '▾' : '▸'} ${t('closedToday')}`}
          <span class="count num">{String(closed.length)}</span>
        </button>
      ) : null}
      {closed.length && closedOpen
        ? closed.map((incident) => <IncidentCard key={incident.id} incident={incident} selected={incident.id === selected} fresh={false} onPick={actions.pick} />)
        : null}
    </div>
  );
}
