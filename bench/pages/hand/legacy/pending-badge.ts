/** 「待发送 N」: steps of a case the phone has kept but the hub has not yet confirmed. */
import { h } from '../../../../apps/web/src/shared/dom';
import { t } from '../../../../apps/web/src/shared/i18n';

export function pendingBadge(count: number): HTMLElement | null {
  if (count === 0) return null;
  return h('span', { class: 'pending-badge', 'data-testid': 'pending-badge', 'data-count': count }, `${t('pendingSend')} ${count}`);
}
