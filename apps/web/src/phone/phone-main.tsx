/** The phone's main column: what is pending on the phone, the instruction, the case in hand, and the day. */
import type { IncidentView } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';
import { formatTime } from '../shared/format-time';
import { t } from '../shared/i18n';
import { ActiveCase } from './active-case';
import { OfferCard } from './offer-card';
import type { PhoneActions } from './phone-actions';
import { activeCase, closedToday, offers, online, pendingSteps, queuedCase, refusals, shown, soundAllowed, syncedAt, useLanguage } from './phone-store';
import { QueuedCase } from './queued-case';
import { ReturnToPolice } from './return-to-police';
import { TodayList } from './today-list';

export interface PhoneMainProps {
  actions: PhoneActions;
  api: ApiClient;
  /** The hub's answer to 退回公安: the case, now closed as returned. */
  onReturned: (incident: IncidentView) => void;
}

export function PhoneMain({ actions, api, onReturned }: PhoneMainProps) {
  useLanguage();
  const [first, ...more] = offers.value;
  const active = activeCase.value;
  const queued = queuedCase.value;
  return (
    <main id="phone-main" class="phone-main" data-testid="phone-main">
      <OfflineBanner />
      <Refusals actions={actions} />
      <PendingReports />
      {first ? <OfferCard key={first.offerId} offer={first} actions={actions} /> : null}
      {first && more.length ? <p class="more-offers">{`+${more.length} ${t('moreOffers')}`}</p> : null}
      {first && !soundAllowed.value ? (
        <p class="sound-hint muted" data-testid="sound-hint">
          {t('soundOff')}
        </p>
      ) : null}
      {active ? <ActiveCase key={active.id} incident={active} actions={actions} /> : null}
      {active ? <ReturnToPolice key={`return-${active.id}`} incident={active} api={api} onReturned={onReturned} /> : null}
      {queued ? <QueuedCase key={queued.id} incident={queued} /> : null}
      {!first && !active ? <Idle /> : null}
      <TodayList />
      <footer class="phone-foot muted">
        {`${t('closedTodayCount')} `}
        <strong class="num">{String(closedToday.value)}</strong>
      </footer>
    </main>
  );
}

/** 「离线 · 显示的是 HH:mm 的数据」 while the socket is down and what is shown came from earlier. */
function OfflineBanner() {
  useLanguage();
  const at = syncedAt.value;
  if (online.value || at === null) return null;
  return (
    <div class="offline-banner" role="status" data-testid="offline-banner">
      {t('offlineSnapshot').replace('{t}', formatTime(new Date(at)).slice(0, 5))}
    </div>
  );
}

function Refusals({ actions }: { actions: PhoneActions }) {
  useLanguage();
  return (
    <>
      {refusals.value.map((refusal) => (
        <div key={refusal.id} class="step-refused" role="alert" data-testid="step-refused">
          <p>
            {refusal.caseNo ? <span class="muted num">{`${refusal.caseNo} · `}</span> : null}
            {refusal.text}
          </p>
          <button class="btn btn-ghost" type="button" onClick={() => actions.dismissRefusal(refusal.id)}>
            {t('gotIt')}
          </button>
        </div>
      ))}
    </>
  );
}

function PendingReports() {
  useLanguage();
  const n = pendingSteps.value.filter((s) => s.kind === 'report').length;
  if (!n) return null;
  return (
    <p class="pending-reports" data-testid="pending-reports">
      {t('pendingReports').replace('{n}', String(n))}
    </p>
  );
}

function Idle() {
  useLanguage();
  const onDuty = shown.value.onDuty;
  return (
    <section class={`idle${onDuty ? '' : ' off'}`} data-testid="idle">
      <div class="idle-ring">
        <span>{onDuty ? '✓' : '—'}</span>
      </div>
      <h2>{onDuty ? t('waitingForInstruction') : t('offDuty')}</h2>
      <p class="muted">{onDuty ? t('waitingHint') : t('offDutyHint')}</p>
    </section>
  );
}
