/**
 * Cameras on the map (视频巡查): a small square per camera, dimmed when disabled and ringed when noisy
 * (误报较多). Its popup says who runs it and how often its cases were dismissed, and lets the operator
 * watching its feed raise a case from it. Points go through `toDisplayLatLng`, like every other layer.
 */
import { divIcon, layerGroup, marker } from 'leaflet';
import { CAMERA_ALERT_TYPES, CAMERA_ALERT_TYPE_LABELS, type CameraAlertType, type CameraView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label, t } from '../shared/i18n';
import { toDisplayLatLng } from './map-projection';

export type RaiseHandler = (camera: CameraView, type: CameraAlertType, note: string) => Promise<void>;

export class CameraLayer {
  readonly layer = layerGroup();
  private cameras: readonly CameraView[] = [];

  constructor(private readonly onRaise: RaiseHandler) {}

  set(cameras: readonly CameraView[]): void {
    this.cameras = cameras;
    this.draw();
  }

  /** Everything again: after new data, the language or the tiles changed. */
  draw(): void {
    this.layer.clearLayers();
    for (const camera of this.cameras) {
      const icon = divIcon({
        html: h('div', { class: 'cam-pin', 'data-enabled': String(camera.enabled), 'data-noisy': String(camera.noisy), 'data-camera-code': camera.code }),
        className: 'cam-pin-wrap',
        iconSize: [14, 14],
        iconAnchor: [7, 7],
      });
      marker(toDisplayLatLng(camera.location), { icon, zIndexOffset: 500, title: camera.name })
        .bindTooltip(this.summary(camera), { className: 'map-tip', direction: 'top', offset: [0, -8] })
        .bindPopup(() => this.popup(camera), { className: 'cam-popup', minWidth: 240 })
        .addTo(this.layer);
    }
  }

  private summary(camera: CameraView): string {
    const flags = [camera.enabled ? null : t('cameraDisabled'), camera.noisy ? t('cameraNoisy') : null].filter(Boolean);
    return [`${t('camera')} · ${camera.name}`, ...flags].join(' · ');
  }

  private popup(camera: CameraView): HTMLElement {
    const select = h('select', { class: 'cam-type', 'data-testid': 'camera-raise-type' }, ...CAMERA_ALERT_TYPES.map((type) => h('option', { value: type }, label(CAMERA_ALERT_TYPE_LABELS, type))));
    const note = h('textarea', { class: 'cam-note', rows: 2, maxlength: 500, placeholder: t('raiseNote') });
    const button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'camera-raise' }, t('raiseCase'));
    button.addEventListener('click', () => {
      button.setAttribute('disabled', '');
      const type = CAMERA_ALERT_TYPES.find((k) => k === select.value) ?? CAMERA_ALERT_TYPES[0];
      void this.onRaise(camera, type, note.value.trim()).finally(() => button.removeAttribute('disabled'));
    });
    const record = t('cameraRecord').replace('{d}', String(camera.dismissals)).replace('{c}', String(camera.cases));
    return h(
      'div',
      { class: 'cam-card', 'data-testid': 'camera-popup' },
      h('div', { class: 'cam-title' }, camera.name, h('span', { class: 'muted num' }, ` ${camera.code}`)),
      h('div', { class: 'muted' }, [camera.grid?.name, `${t('cameraOwner')}：${camera.owner || '—'}`].filter(Boolean).join(' · ')),
      h('div', { class: camera.noisy ? 'flag-risk' : 'muted' }, record, camera.noisy ? ` · ⚠ ${t('cameraNoisy')}` : ''),
      camera.enabled ? null : h('div', { class: 'flag-risk' }, t('cameraDisabled')),
      h('h4', { class: 'cam-sub' }, t('videoPatrol')),
      h('label', { class: 'cam-field' }, h('span', { class: 'muted' }, t('raiseSeen')), select),
      note,
      button,
    );
  }
}
