/**
 * Camera facts on an incident card: 「📹 告警 ×12 · 摄像头名」, and for a camera case still waiting for
 * confirmation a 驳回 button (two taps: the second confirms).
 */
import { useState } from 'preact/hooks';
import type { IncidentView } from '@xiaonao/contracts';
import { t } from '../shared/i18n';
import { useActions } from './console-context';
import { cameraFacts } from './console-store';

export function isDismissable(incident: IncidentView): boolean {
  return incident.source === 'camera' && incident.awaitingConfirmation && incident.state === 'received';
}

export function CameraFlag({ incident }: { incident: IncidentView }) {
  const fact = cameraFacts.value.get(incident.id);
  if (!fact) return null;
  const more = fact.cameraCount > 1 ? ` ${t('cameraMore').replace('{n}', String(fact.cameraCount - 1))}` : '';
  return (
    <div class="card-flag camera-flag" data-testid="camera-facts" data-alert-count={fact.alertCount}>
      <span class="num">{`📹 ${t('cameraAlerts').replace('{n}', String(fact.alertCount))}`}</span>
      <span class="muted">{` · ${fact.camera.name}${more}`}</span>
      {isDismissable(incident) ? <DismissButton incident={incident} /> : null}
    </div>
  );
}

/** The first tap arms it, the second dismisses: a mis-tap on a busy console must not close a real fire. */
function DismissButton({ incident }: { incident: IncidentView }) {
  const actions = useActions();
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <button
      class="btn btn-danger btn-dismiss"
      type="button"
      data-testid="dismiss-camera-case"
      disabled={busy}
      onClick={(event) => {
        // The card under it would take the click as "select this case".
        event.stopPropagation();
        if (!armed) {
          setArmed(true);
          return;
        }
        setBusy(true);
        void actions.dismissCameraCase(incident).finally(() => setBusy(false));
      }}
      onKeyDown={(event) => event.stopPropagation()}
    >
      {t(armed ? 'dismissConfirm' : 'dismissCase')}
    </button>
  );
}
