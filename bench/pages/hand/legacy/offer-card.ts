/** A new instruction: the case, the time left to answer, and Accept / Decline with a reason. */
import type { OfferView } from '@xiaonao/contracts';
import { clockChips } from '../../../../apps/web/src/shared/clock-chips';
import { remaining } from '../../../../apps/web/src/shared/countdown';
import { h } from '../../../../apps/web/src/shared/dom';
import { formatDistance } from '../../../../apps/web/src/shared/format-time';
import { t } from '../../../../apps/web/src/shared/i18n';
import { icon } from '../../../../apps/web/src/shared/icons';
import { caseFacts } from './case-facts';

export interface OfferDraft {
  declining: boolean;
  reason: string;
  busy: boolean;
  error: string;
}

export interface OfferHandlers {
  accept(offer: OfferView): void;
  decline(offer: OfferView, reason: string): void;
  /** The draft changed (typing, opening the reason box); redraw. */
  redraw(): void;
}

const QUICK_REASONS = {
  zh: ['正在处置其他事件', '距离太远，无法及时到场', '身体不适', '不在辖区'],
  en: ['Handling another case', 'Too far to arrive in time', 'Unwell', 'Outside my area'],
};

export function offerCard(offer: OfferView, now: number, draft: OfferDraft, handlers: OfferHandlers, quickLocale: 'zh' | 'en'): HTMLElement {
  const left = remaining(offer.expiresAt, now);
  const countdown = h(
    'span',
    { class: 'offer-countdown num', 'data-testid': 'offer-countdown', 'data-expires-at': offer.expiresAt },
    left ?? t('offerExpired'),
  );

  const accept = h('button', { class: 'btn big btn-ok', type: 'button', 'data-testid': 'accept-button', disabled: draft.busy }, t('accept'));
  accept.addEventListener('click', () => handlers.accept(offer));
  const decline = h('button', { class: 'btn big btn-danger', type: 'button', 'data-testid': 'decline-button', disabled: draft.busy }, t('decline'));

  const actions = h('div', { class: 'actions' });
  if (!draft.declining) {
    decline.addEventListener('click', () => {
      draft.declining = true;
      draft.error = '';
      handlers.redraw();
    });
    actions.append(accept, decline);
  } else {
    const reason = h('textarea', { class: 'reason-input', rows: 2, 'data-testid': 'decline-reason', placeholder: t('declineReason') });
    reason.value = draft.reason;
    reason.addEventListener('input', () => {
      draft.reason = reason.value;
    });
    const chips = h(
      'div',
      { class: 'quick-reasons' },
      ...QUICK_REASONS[quickLocale].map((text) => {
        const chip = h('button', { class: 'chip', type: 'button' }, text);
        chip.addEventListener('click', () => {
          draft.reason = text;
          reason.value = text;
        });
        return chip;
      }),
    );
    const confirm = h('button', { class: 'btn big btn-danger', type: 'button', 'data-testid': 'decline-button', disabled: draft.busy }, t('confirmDecline'));
    confirm.addEventListener('click', () => {
      if (!draft.reason.trim()) {
        draft.error = t('reasonRequired');
        handlers.redraw();
        return;
      }
      handlers.decline(offer, draft.reason.trim());
    });
    const cancel = h('button', { class: 'btn big btn-ghost', type: 'button' }, t('cancel'));
    cancel.addEventListener('click', () => {
      draft.declining = false;
      draft.error = '';
      handlers.redraw();
    });
    actions.classList.add('declining');
    actions.append(h('label', { class: 'reason-label' }, t('declineReason')), chips, reason, h('div', { class: 'actions-row' }, cancel, confirm));
  }

  return h(
    'section',
    { class: 'card offer-card', 'data-testid': 'offer-card', 'data-incident-id': offer.incidentId, 'data-offer-id': offer.offerId },
    h(
      'div',
      { class: 'offer-banner' },
      h('span', { class: 'offer-title' }, icon('bell'), t('newInstruction')),
      h('span', { class: 'offer-left' }, h('span', { class: 'muted' }, t('respondWithin')), countdown),
    ),
    offer.queued ? h('p', { class: 'offer-queued', 'data-testid': 'offer-queued' }, t('queuedOffer')) : null,
    caseFacts(offer.incident, () => undefined),
    offer.distanceM !== null
      ? h('div', { class: 'facts-distance' }, `${t('distance')} `, h('strong', { class: 'num' }, formatDistance(offer.distanceM)))
      : null,
    clockChips(offer.incident, now),
    draft.error ? h('p', { class: 'error-text', role: 'alert' }, draft.error) : null,
    actions,
  );
}

/** Once a second: the time left to answer. */
export function refreshOfferCountdowns(root: ParentNode, now: number): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-testid="offer-countdown"]')) {
    const left = remaining(el.dataset.expiresAt ?? '', now);
    const text = left ?? t('offerExpired');
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('urgent', left === null || Date.parse(el.dataset.expiresAt ?? '') - now < 15_000);
  }
}
