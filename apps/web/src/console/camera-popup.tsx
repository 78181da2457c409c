/**
 * A camera's popup on the map: who runs it, how often its cases were dismissed, and the form with which
 * the operator watching its feed raises a case from it.
 */
import { useRef, useState } from 'preact/hooks';
import { CAMERA_ALERT_TYPES, CAMERA_ALERT_TYPE_LABELS, type CameraAlertType, type CameraView } from '@xiaonao/contracts';
import { label, t } from '../shared/i18n';

export type RaiseHandler = (camera: CameraView, type: CameraAlertType, note: string) => Promise<void>;

export function CameraPopup({ camera, onRaise }: { camera: CameraView; onRaise: RaiseHandler }) {
  const type = useRef<HTMLSelectElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);
  const [busy, setBusy] = useState(false);
  const raise = () => {
    setBusy(true);
    const chosen = CAMERA_ALERT_TYPES.find((k) => k === type.current?.value) ?? CAMERA_ALERT_TYPES[0];
    void onRaise(camera, chosen, note.current?.value.trim() ?? '').finally(() => setBusy(false));
  };
  return (
    <div class="cam-card" data-testid="camera-popup">
      <div class="cam-title">
        {camera.name}
        <span class="muted num">{` ${camera.code}`}</span>
      </div>
      <div class="muted">{[camera.grid?.name, `${t('cameraOwner')}：${camera.owner || '—'}`].filter(Boolean).join(' · ')}</div>
      <div class={camera.noisy ? 'flag-risk' : 'muted'}>
        {t('cameraRecord').replace('{d}', String(camera.dismissals)).replace('{c}', String(camera.cases))}
        {camera.noisy ? ` · ⚠ ${t('cameraNoisy')}` : ''}
      </div>
      {camera.enabled ? null : <div class="flag-risk">{t('cameraDisabled')}</div>}
      <h4 class="cam-sub">{t('videoPatrol')}</h4>
      <label class="cam-field">
        <span class="muted">{t('raiseSeen')}</span>
        <select ref={type} class="cam-type" data-testid="camera-raise-type">
          {CAMERA_ALERT_TYPES.map((k) => (
            <option key={k} value={k}>
              {label(CAMERA_ALERT_TYPE_LABELS, k)}
            </option>
          ))}
        </select>
      </label>
      <textarea ref={note} class="cam-note" rows={2} maxLength={500} placeholder={t('raiseNote')} />
      <button class="btn btn-primary" type="button" data-testid="camera-raise" disabled={busy} onClick={raise}>
        {t('raiseCase')}
      </button>
    </div>
  );
}
