/** The breaches of the region as they happen (clock.alert on the socket) and those standing at load; a click opens the case. */
import { CLOCK_STAGE_LABELS } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { label } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { dt } from './district-text';
import type { DistrictStore } from './district-store';

export function BreachesList({ store }: { store: DistrictStore }) {
  useLanguage();
  const breaches = store.breaches.value;
  const names = store.townshipName.value;
  return (
    <section class="district-card breaches">
      <h2>
        {dt('breaches')} <span class="count">{breaches.length}</span>
      </h2>
      {breaches.length === 0 ? <p class="muted">{dt('noBreaches')}</p> : null}
      <ul data-testid="breaches">
        {breaches.map((b) => (
          <li key={`${b.incidentId}:${b.stage}`} data-testid="breach" data-incident-id={b.incidentId} data-stage={b.stage}>
            <button type="button" class="link" onClick={() => store.open(b.incidentId)}>
              <span class="num">{b.caseNo}</span> <span class="muted">{names.get(b.townshipId) ?? ''}</span>{' '}
              <span class="breached">{dt('breachAlert', { no: '', stage: label(CLOCK_STAGE_LABELS, b.stage) }).trim()}</span>{' '}
              <span class="muted num">{formatDateTime(b.at)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
