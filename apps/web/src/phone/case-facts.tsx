/** What a worker needs to know about a case, on the offer card and the active case alike. */
import { CATEGORY_LABELS, type IncidentView } from '@xiaonao/contracts';
import { formatTime } from '../shared/format-time';
import { label, t } from '../shared/i18n';
import { LineIcon } from '../shared/ui/line-icon';
import { useLanguage } from './phone-store';

export function CaseFacts({ incident, onCall }: { incident: IncidentView; onCall?: () => void }) {
  useLanguage();
  return (
    <div class="facts">
      <div class="facts-head">
        <span class="facts-category">{label(CATEGORY_LABELS, incident.category)}</span>
        <span class="muted num">{`${incident.caseNo} · ${formatTime(incident.receivedAt)}`}</span>
      </div>
      <div class="facts-address">
        <LineIcon name="pin" />
        <span>{incident.address}</span>
      </div>
      {incident.contactKind === 'site_check' ? <SiteCheck /> : <PartyContact incident={incident} onCall={onCall} />}
      {incident.description ? <p class="facts-description">{incident.description}</p> : null}
    </div>
  );
}

/**
 * The one-tap call to the party, with how the calls so far went. An offer, or a case whose full number
 * has not reached the phone yet (accepted offline), shows the number masked and nothing to dial.
 */
function PartyContact({ incident, onCall }: { incident: IncidentView; onCall?: () => void }) {
  const who = (
    <span>
      <span class="call-name">{incident.callerName}</span>
      <span class="call-phone num">{incident.callerPhone}</span>
    </span>
  );
  return (
    <>
      <div class="facts-label muted">{`${t('caller')} · ${t('callParty')}`}</div>
      {incident.callerPhoneMasked ? (
        <div class="call-link" data-testid="call-masked" title={t('phoneMaskedHint')}>
          <LineIcon name="phone" class="icon call-icon" />
          {who}
        </div>
      ) : (
        <a class="call-link" href={`tel:${incident.callerPhone}`} data-testid="call-link" onClick={onCall}>
          <LineIcon name="phone" class="icon call-icon" />
          {who}
        </a>
      )}
      {incident.callAttempts > 0 ? (
        <div class="call-log" data-testid="call-log">
          <span class="muted">{t('callAttempts').replace('{n}', String(incident.callAttempts))}</span>
          {incident.unreachable ? (
            <span class="call-unreachable" data-testid="unreachable">
              {t('unreachable')}
            </span>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** Nobody to call (a camera alert): the contact stage is a check on site. */
function SiteCheck() {
  return (
    <div class="site-check" data-testid="site-check">
      <LineIcon name="pin" />
      <span>{t('siteCheckHint')}</span>
    </div>
  );
}
