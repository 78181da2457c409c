/** Icons, clock chips and the facts of a case: the pieces both cards share. */
import { h, type ComponentChildren } from 'preact';
import { CATEGORY_LABELS, type IncidentView } from '@xiaonao/contracts';
import { formatTime } from '../../../apps/web/src/shared/format-time';
import { label } from '../../../apps/web/src/shared/i18n';
import { ICON_PATHS, type IconName } from '../shared/icon-paths';
import { chipReadings } from '../shared/view-model';
import type { PhoneStore } from './store';

export function Icon({ name, cls = 'icon' }: { name: IconName; cls?: string }) {
  return h('svg', { viewBox: '0 0 24 24', class: cls, 'aria-hidden': 'true' }, ...ICON_PATHS[name].map((d) => h('path', { key: d, d })));
}

export function ClockChips({ store, incident }: { store: PhoneStore; incident: IncidentView }) {
  void store.lang.value;
  return h(
    'div',
    { class: 'clocks' },
    ...chipReadings(incident, store.now.value).map((c) =>
      h(
        'div',
        { key: c.stage, class: 'clock', 'data-testid': `clock-${c.stage}`, 'data-stage': c.stage, 'data-status': c.status, title: c.title },
        h('span', { class: 'clock-label' }, c.label),
        h('span', { class: 'clock-value' }, c.text, c.mark ? h('small', { class: 'clock-mark' }, c.mark) : null),
      ),
    ),
  );
}

export function CaseFacts({ store, incident, onCall }: { store: PhoneStore; incident: IncidentView; onCall?: () => void }) {
  const { tr } = store;
  const who: ComponentChildren = h('span', null, h('span', { class: 'call-name' }, incident.callerName), h('span', { class: 'call-phone num' }, incident.callerPhone));
  const contact =
    incident.contactKind === 'site_check'
      ? [h('div', { class: 'site-check', 'data-testid': 'site-check' }, h(Icon, { name: 'pin' }), h('span', null, tr('siteCheckHint')))]
      : [
          h('div', { class: 'facts-label muted' }, `${tr('caller')} · ${tr('callParty')}`),
          incident.callerPhoneMasked
            ? h('div', { class: 'call-link', 'data-testid': 'call-masked', title: tr('phoneMaskedHint') }, h(Icon, { name: 'phone', cls: 'icon call-icon' }), who)
            : h('a', { class: 'call-link', href: `tel:${incident.callerPhone}`, 'data-testid': 'call-link', onClick: onCall }, h(Icon, { name: 'phone', cls: 'icon call-icon' }), who),
          incident.callAttempts > 0
            ? h(
                'div',
                { class: 'call-log', 'data-testid': 'call-log' },
                h('span', { class: 'muted' }, tr('callAttempts').replace('{n}', String(incident.callAttempts))),
                incident.unreachable ? h('span', { class: 'call-unreachable', 'data-testid': 'unreachable' }, tr('unreachable')) : null,
              )
            : null,
        ];
  return h(
    'div',
    { class: 'facts' },
    h(
      'div',
      { class: 'facts-head' },
      h('span', { class: 'facts-category' }, label(CATEGORY_LABELS, incident.category)),
      h('span', { class: 'muted num' }, `${incident.caseNo} · ${formatTime(incident.receivedAt)}`),
    ),
    h('div', { class: 'facts-address' }, h(Icon, { name: 'pin' }), h('span', null, incident.address)),
    ...contact,
    incident.description ? h('p', { class: 'facts-description' }, incident.description) : null,
  );
}
