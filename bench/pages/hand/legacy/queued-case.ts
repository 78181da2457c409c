/** The case a busy worker accepted to do next: shown under the current one until that closes. */
import type { IncidentView } from '@xiaonao/contracts';
import { h } from '../../../../apps/web/src/shared/dom';
import { t } from '../../../../apps/web/src/shared/i18n';
import { caseFacts } from './case-facts';
import { pendingBadge } from './pending-badge';

export function queuedCaseCard(incident: IncidentView, pending: number): HTMLElement {
  return h(
    'section',
    { class: 'card case-card queued-case', 'data-testid': 'queued-case', 'data-incident-id': incident.id },
    h('div', { class: 'case-banner' }, h('span', {}, t('queuedCase')), pendingBadge(pending)),
    h('p', { class: 'muted' }, t('queuedCaseHint')),
    caseFacts(incident, () => undefined),
  );
}
