/**
 * Cameras on the map (视频巡查): a small square per camera, dimmed when disabled and ringed when noisy
 * (误报较多). Its popup says who runs it and how often its cases were dismissed, and lets the operator
 * watching its feed raise a case from it. Points go through `toDisplayLatLng`, like every other layer.
 */
import { divIcon, layerGroup, marker } from 'leaflet';
import { createElement, render } from 'preact';
import type { CameraView } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { CameraPopup, type RaiseHandler } from './camera-popup';
import { toDisplayLatLng } from './map-projection';

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

  /** The popup's form is a component (camera-popup.tsx), drawn afresh each time the popup opens. */
  private popup(camera: CameraView): HTMLElement {
    const el = document.createElement('div');
    render(createElement(CameraPopup, { camera, onRaise: this.onRaise }), el);
    return el;
  }
}
