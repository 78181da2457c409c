/** The case a busy worker accepted to do next: shown under the current one until that closes. */
import type { IncidentView } from '@xiaonao/contracts';
import { t } from '../shared/i18n';
import { CaseFacts } from './case-facts';
import { PendingBadge } from './pending-badge';
import { useLanguage } from './phone-store';

export function QueuedCase({ incident }: { incident: IncidentView }) {
  useLanguage();
  return (
    <section class="card case-card queued-case" data-testid="queued-case" data-incident-id={incident.id}>
      <div class="case-banner">
        <span>{t('queuedCase')}</span>
        <PendingBadge incidentId={incident.id} />
      </div>
      <p class="muted">{t('queuedCaseHint')}</p>
      <CaseFacts incident={incident} />
    </section>
  );
}
