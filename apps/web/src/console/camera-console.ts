/**
 * The console's video patrol: cameras on the map, camera facts on the cards, raising a case from a
 * camera and dismissing a camera case. Fed by REST at start and after reconnects, and by the hub's
 * `camera.counted` batches in between.
 */
import { API, CAMERA_API, type CameraAlertAnswer, type CameraAlertType, type CameraIncidentView, type CameraView, type IncidentView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { decorateCameraCards } from './camera-cards';
import { CameraLayer } from './camera-layer';
import type { ConsoleStore } from './console-store';
import type { MapView } from './map-view';

export class CameraConsole {
  private readonly facts = new Map<string, CameraIncidentView>();
  private readonly layer = new CameraLayer((camera, type, note) => this.raise(camera, type, note));

  constructor(
    map: MapView,
    private readonly listRoot: HTMLElement,
    private readonly api: ApiClient,
    private readonly store: ConsoleStore,
    private readonly pick: (id: string) => void,
  ) {
    map.addOverlay(this.layer.layer);
  }

  /** Cameras and the camera facts of the cases shown. */
  async load(): Promise<void> {
    const [cameras, facts] = await Promise.all([this.api.get<CameraView[]>(CAMERA_API.cameras), this.api.get<CameraIncidentView[]>(CAMERA_API.incidents)]);
    this.layer.set(cameras);
    this.facts.clear();
    this.update(facts);
  }

  /** Counts that moved (a `camera.counted` batch). */
  update(counts: readonly CameraIncidentView[]): void {
    for (const fact of counts) this.facts.set(fact.incidentId, fact);
    this.decorate();
  }

  /** After the list was drawn again. */
  decorate(): void {
    decorateCameraCards(this.listRoot, this.facts, (id) => this.store.incidents.get(id), (incident) => this.dismiss(incident));
  }

  /** After the language or the tiles changed. */
  redraw(): void {
    this.layer.draw();
  }

  private async raise(camera: CameraView, type: CameraAlertType, note: string): Promise<void> {
    try {
      const answer = await this.api.post<CameraAlertAnswer>(CAMERA_API.raise(camera.id), { type, ...(note ? { description: note } : {}) });
      showToast(t(answer.outcome === 'opened' ? 'raised' : 'raisedMerged').replace('{no}', answer.caseNo ?? ''), 'success');
      if (!answer.incidentId) return;
      this.store.upsertIncident(await this.api.get<IncidentView>(API.incident(answer.incidentId)));
      this.pick(answer.incidentId);
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  private async dismiss(incident: IncidentView): Promise<void> {
    try {
      this.store.upsertIncident(await this.api.post<IncidentView>(CAMERA_API.dismiss(incident.id), {}));
      showToast(t('dismissed'), 'success');
      // The camera's record moved: its popup shows the new dismissal count.
      this.layer.set(await this.api.get<CameraView[]>(CAMERA_API.cameras));
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }
}
