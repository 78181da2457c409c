/** The phone's top bar (who, connection, 中/EN, 退出) and the duty bar under it (在岗 switch, GPS, 上报, push). */
import type { ApiClient } from '../shared/api-client';
import { t } from '../shared/i18n';
import { logout } from '../shared/session';
import { ConnectionBadge, LocaleToggle } from '../shared/ui/topbar-parts';
import { PatrolReport, type SubmitReport } from './patrol-report';
import type { PhoneActions } from './phone-actions';
import { dutyBusy, gpsOn, shown, useLanguage } from './phone-store';
import { PushSwitch } from './push-switch';

export function PhoneTop({ workerName }: { workerName: string }) {
  useLanguage();
  return (
    <header class="phone-top">
      <div class="who">
        <span class="logo-sm">小脑</span>
        <span id="worker-name" class="worker-name">
          {workerName}
        </span>
      </div>
      <div class="phone-top-right">
        <ConnectionBadge />
        <LocaleToggle />
        <button id="logout" class="btn btn-ghost" type="button" onClick={() => logout('worker')}>
          {t('logout')}
        </button>
      </div>
    </header>
  );
}

export function DutyBar({ actions, api, submitReport }: { actions: PhoneActions; api: ApiClient; submitReport: SubmitReport }) {
  return (
    <div class="duty-bar">
      <DutySwitch actions={actions} />
      <GpsMark />
      <PatrolReport submit={submitReport} />
      <PushSwitch api={api} />
    </div>
  );
}

function DutySwitch({ actions }: { actions: PhoneActions }) {
  useLanguage();
  const onDuty = shown.value.onDuty;
  return (
    <button id="duty" class="duty-toggle" type="button" role="switch" aria-checked={onDuty} data-testid="duty-toggle" disabled={dutyBusy.value} onClick={() => void actions.toggleDuty()}>
      <span class="duty-knob" />
      <span class="duty-labels">
        <strong id="duty-text" class="duty-text">
          {onDuty ? t('onDuty') : t('offDuty')}
        </strong>
        <small id="duty-hint" class="duty-hint">
          {onDuty ? t('tapToGoOff') : t('tapToGoOn')}
        </small>
      </span>
    </button>
  );
}

function GpsMark() {
  useLanguage();
  const on = gpsOn.value;
  return (
    <span id="gps" class="gps" data-on={String(on)}>
      {on ? t('positionOk') : t('positionUnknown')}
    </span>
  );
}
