/** A new instruction: the case, the time left to answer, and Accept / Decline with a reason. */
import type { OfferView } from '@xiaonao/contracts';
import { remaining } from '../shared/countdown';
import { formatDistance } from '../shared/format-time';
import { t } from '../shared/i18n';
import { ClockChips } from '../shared/ui/clock-chips';
import { LineIcon } from '../shared/ui/line-icon';
import { CaseFacts } from './case-facts';
import type { PhoneActions } from './phone-actions';
import { now, offerDraftOf, patchOfferDraft, useLanguage } from './phone-store';

import type { OfferDraft } from './phone-drafts';
export type { OfferDraft } from './phone-drafts';

const QUICK_REASONS = {
  zh: ['正在处置其他事件', '距离太远，无法及时到场', '身体不适', '不在辖区'],
  en: ['Handling another case', 'Too far to arrive in time', 'Unwell', 'Outside my area'],
};

const valueOf = (e: Event) => (e.currentTarget as HTMLTextAreaElement).value;

export function OfferCard({ offer, actions }: { offer: OfferView; actions: PhoneActions }) {
  const lang = useLanguage();
  const draft = offerDraftOf(offer.offerId);
  const patch = (change: Partial<OfferDraft>) => patchOfferDraft(offer.offerId, change);
  const confirm = () => {
    if (!draft.reason.trim()) patch({ error: t('reasonRequired') });
    else actions.decline(offer, draft.reason.trim());
  };
  return (
    <section class="card offer-card" data-testid="offer-card" data-incident-id={offer.incidentId} data-offer-id={offer.offerId}>
      <div class="offer-banner">
        <span class="offer-title">
          <LineIcon name="bell" />
          {t('newInstruction')}
        </span>
        <span class="offer-left">
          <span class="muted">{t('respondWithin')}</span>
          <OfferCountdown expiresAt={offer.expiresAt} />
        </span>
      </div>
      {offer.queued ? (
        <p class="offer-queued" data-testid="offer-queued">
          {t('queuedOffer')}
        </p>
      ) : null}
      <CaseFacts incident={offer.incident} />
      {offer.distanceM !== null ? (
        <div class="facts-distance">
          {`${t('distance')} `}
          <strong class="num">{formatDistance(offer.distanceM)}</strong>
        </div>
      ) : null}
      <ClockChips incident={offer.incident} />
      {draft.error ? (
        <p class="error-text" role="alert">
          {draft.error}
        </p>
      ) : null}
      {!draft.declining ? (
        <div class="actions">
          <button class="btn big btn-ok" type="button" data-testid="accept-button" disabled={draft.busy} onClick={() => actions.accept(offer)}>
            {t('accept')}
          </button>
          <button class="btn big btn-danger" type="button" data-testid="decline-button" disabled={draft.busy} onClick={() => patch({ declining: true, error: '' })}>
            {t('decline')}
          </button>
        </div>
      ) : (
        <div class="actions declining">
          <label class="reason-label">{t('declineReason')}</label>
          <div class="quick-reasons">
            {QUICK_REASONS[lang].map((text) => (
              <button key={text} class="chip" type="button" onClick={() => patch({ reason: text })}>
                {text}
              </button>
            ))}
          </div>
          <textarea class="reason-input" rows={2} data-testid="decline-reason" placeholder={t('declineReason')} value={draft.reason} onInput={(e) => patch({ reason: valueOf(e) })} />
          <div class="actions-row">
            <button class="btn big btn-ghost" type="button" onClick={() => patch({ declining: false, error: '' })}>
              {t('cancel')}
            </button>
            <button class="btn big btn-danger" type="button" data-testid="decline-button" disabled={draft.busy} onClick={confirm}>
              {t('confirmDecline')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The time left to answer: with the clock chips, the only part of the card the second's tick re-renders. */
function OfferCountdown({ expiresAt }: { expiresAt: string }) {
  useLanguage();
  const at = now.value;
  const left = remaining(expiresAt, at);
  const urgent = left === null || Date.parse(expiresAt) - at < 15_000;
  return (
    <span class={`offer-countdown num${urgent ? ' urgent' : ''}`} data-testid="offer-countdown" data-expires-at={expiresAt}>
      {left ?? t('offerExpired')}
    </span>
  );
}
