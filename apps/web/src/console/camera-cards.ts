/**
 * Camera facts on the incident cards: 「📹 告警 ×12 · 摄像头名」, and for a camera case still waiting for
 * confirmation a 驳回 button (two taps: the second confirms). Added to the cards the list has drawn,
 * so the list itself knows nothing of cameras; called again whenever the list is redrawn.
 */
import type { CameraIncidentView, IncidentView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';

export function isDismissable(incident: IncidentView): boolean {
  return incident.source === 'camera' && incident.awaitingConfirmation && incident.state === 'received';
}

export function decorateCameraCards(
  root: HTMLElement,
  facts: ReadonlyMap<string, CameraIncidentView>,
  incidentOf: (id: string) => IncidentView | undefined,
  onDismiss: (incident: IncidentView) => Promise<void>,
): void {
  for (const card of root.querySelectorAll<HTMLElement>('[data-testid="incident-card"]')) {
    const id = card.dataset.incidentId ?? '';
    const fact = facts.get(id);
    card.querySelector('.camera-flag')?.remove();
    if (!fact) continue;
    const incident = incidentOf(id);
    const more = fact.cameraCount > 1 ? ` ${t('cameraMore').replace('{n}', String(fact.cameraCount - 1))}` : '';
    const flag = h(
      'div',
      { class: 'card-flag camera-flag', 'data-testid': 'camera-facts', 'data-alert-count': fact.alertCount },
      h('span', { class: 'num' }, `📹 ${t('cameraAlerts').replace('{n}', String(fact.alertCount))}`),
      h('span', { class: 'muted' }, ` · ${fact.camera.name}${more}`),
      incident && isDismissable(incident) ? dismissButton(incident, onDismiss) : null,
    );
    const address = card.querySelector('.card-address');
    if (address) address.after(flag);
    else card.append(flag);
  }
}

/** The first tap arms it, the second dismisses: a mis-tap on a busy console must not close a real fire. */
function dismissButton(incident: IncidentView, onDismiss: (incident: IncidentView) => Promise<void>): HTMLElement {
  const button = h('button', { class: 'btn btn-danger btn-dismiss', type: 'button', 'data-testid': 'dismiss-camera-case' }, t('dismissCase'));
  let armed = false;
  button.addEventListener('click', (event) => {
    // The card under it would take the click as "select this case".
    event.stopPropagation();
    if (!armed) {
      armed = true;
      button.textContent = t('dismissConfirm');
      return;
    }
    button.setAttribute('disabled', '');
    void onDismiss(incident).finally(() => button.removeAttribute('disabled'));
  });
  button.addEventListener('keydown', (event) => event.stopPropagation());
  return button;
}
