/** 「待发送 N」: steps of a case the phone has kept but the hub has not yet confirmed. */
import { t } from '../shared/i18n';
import { pendingFor, useLanguage } from './phone-store';

export function PendingBadge({ incidentId }: { incidentId: string }) {
  useLanguage();
  const count = pendingFor(incidentId);
  if (count === 0) return null;
  return (
    <span class="pending-badge" data-testid="pending-badge" data-count={count}>
      {`${t('pendingSend')} ${count}`}
    </span>
  );
}
