/** What a worker needs to know about a case, on the offer card and the active case alike. */
import { CATEGORY_LABELS, type IncidentView } from '@xiaonao/contracts';
import { h } from '../../../../apps/web/src/shared/dom';
import { formatTime } from '../../../../apps/web/src/shared/format-time';
import { label, t } from '../../../../apps/web/src/shared/i18n';
import { icon } from '../../../../apps/web/src/shared/icons';

export function caseFacts(incident: IncidentView, onCall: () => void): HTMLElement {
  return h(
    'div',
    { class: 'facts' },
    h(
      'div',
      { class: 'facts-head' },
      h('span', { class: 'facts-category' }, label(CATEGORY_LABELS, incident.category)),
      h('span', { class: 'muted num' }, `${incident.caseNo} · ${formatTime(incident.receivedAt)}`),
    ),
    h('div', { class: 'facts-address' }, icon('pin'), h('span', {}, incident.address)),
    ...(incident.contactKind === 'site_check' ? [siteCheck()] : partyContact(incident, onCall)),
    incident.description ? h('p', { class: 'facts-description' }, incident.description) : null,
  );
}

/**
 * The one-tap call to the party, with how the calls so far went. An offer, or a case whose full number
 * has not reached the phone yet (accepted offline), shows the number masked and nothing to dial.
 */
function partyContact(incident: IncidentView, onCall: () => void): HTMLElement[] {
  const who = h('span', {}, h('span', { class: 'call-name' }, incident.callerName), h('span', { class: 'call-phone num' }, incident.callerPhone));
  const call = incident.callerPhoneMasked
    ? h('div', { class: 'call-link', 'data-testid': 'call-masked', title: t('phoneMaskedHint') }, icon('phone', 'icon call-icon'), who)
    : h('a', { class: 'call-link', href: `tel:${incident.callerPhone}`, 'data-testid': 'call-link' }, icon('phone', 'icon call-icon'), who);
  if (!incident.callerPhoneMasked) call.addEventListener('click', onCall);
  const log =
    incident.callAttempts > 0
      ? h(
          'div',
          { class: 'call-log', 'data-testid': 'call-log' },
          h('span', { class: 'muted' }, t('callAttempts').replace('{n}', String(incident.callAttempts))),
          incident.unreachable ? h('span', { class: 'call-unreachable', 'data-testid': 'unreachable' }, t('unreachable')) : null,
        )
      : null;
  return [h('div', { class: 'facts-label muted' }, `${t('caller')} · ${t('callParty')}`), call, ...(log ? [log] : [])];
}

/** Nobody to call (a camera alert): the contact stage is a check on site. */
function siteCheck(): HTMLElement {
  return h('div', { class: 'site-check', 'data-testid': 'site-check' }, icon('pin'), h('span', {}, t('siteCheckHint')));
}
