/**
 * What the console asks the hub and what it does with the answers and the socket's news: every write to
 * the store (console-store.ts) happens here, none in a component.
 */
import { batch, effect } from '@preact/signals';
import {
  API,
  CAMERA_API,
  FOLLOWUP_API,
  type CameraAlertAnswer,
  type CameraAlertType,
  type CameraIncidentView,
  type CameraView,
  type ClockAlert,
  type FollowUpWorklist,
  type IncidentView,
  type PageAttemptView,
  type TownshipView,
  type WorkerMove,
  type WorkerView,
} from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { cameraFacts, cameras, followUps, gridIndexOn, GRID_INDEX_STORAGE_KEY, incidents, isNewer, liveLoaded, openPanels, selectedId, township, workers, type PanelName } from './console-store';

export type ConsoleActions = ReturnType<typeof consoleActions>;

/** News about the case shown that is not a fact of the store: its detail listens while it is on screen. */
export interface DetailNews {
  pageUpdated(attempt: PageAttemptView): void;
  clockAlert(alert: ClockAlert): void;
}

export function consoleActions(api: ApiClient) {
  let focus: ((incident: IncidentView) => void) | null = null;
  const detailListeners = new Set<DetailNews>();

  async function loadTownship(): Promise<void> {
    township.value = await api.get<TownshipView>(API.township);
  }

  /** Replaces the list, keeping each newer copy a socket event delivered while the fetch was under way. */
  function setIncidents(list: readonly IncidentView[]): void {
    const previous = incidents.value;
    incidents.value = new Map(
      list.map((incident) => {
        const known = previous.get(incident.id);
        return [incident.id, known && isNewer(known, incident) ? known : incident];
      }),
    );
  }

  /** Returns true when the incident was not known before. An older copy never overwrites a newer one. */
  function upsertIncident(incident: IncidentView): boolean {
    const known = incidents.value.get(incident.id);
    if (known && isNewer(known, incident)) return false;
    incidents.value = new Map(incidents.value).set(incident.id, incident);
    return !known;
  }

  function upsertWorker(worker: WorkerView): void {
    // A status change carries the position last written; keep a newer one that arrived by worker.moved.
    const known = workers.value.get(worker.id);
    const keepPosition = known?.positionAt && (!worker.positionAt || known.positionAt > worker.positionAt);
    workers.value = new Map(workers.value).set(worker.id, keepPosition ? { ...worker, location: known.location, positionAt: known.positionAt } : worker);
  }

  /** Positions only, batched by the hub. */
  function moveWorkers(moves: readonly WorkerMove[]): void {
    let next: Map<string, WorkerView> | null = null;
    for (const move of moves) {
      const known = (next ?? workers.value).get(move.workerId);
      if (!known || (known.positionAt && known.positionAt > move.positionAt)) continue;
      next ??= new Map(workers.value);
      next.set(move.workerId, { ...known, location: move.location, positionAt: move.positionAt });
    }
    if (next) workers.value = next;
  }

  /** Cameras and the camera facts of the cases shown. */
  async function loadCameras(): Promise<void> {
    const [list, facts] = await Promise.all([api.get<CameraView[]>(CAMERA_API.cameras), api.get<CameraIncidentView[]>(CAMERA_API.incidents)]);
    batch(() => {
      cameras.value = list;
      cameraFacts.value = new Map(facts.map((fact) => [fact.incidentId, fact]));
    });
  }

  /** Counts that moved (a `camera.counted` batch). */
  function updateCameraFacts(counts: readonly CameraIncidentView[]): void {
    const next = new Map(cameraFacts.value);
    for (const fact of counts) next.set(fact.incidentId, fact);
    cameraFacts.value = next;
  }

  /** Cases and workers; fetched at start and after every reconnect, since events may have been missed. */
  async function loadLive(): Promise<void> {
    const [workerList, incidentList] = await Promise.all([api.get<WorkerView[]>(API.workers), api.get<IncidentView[]>(API.incidents)]);
    batch(() => {
      workers.value = new Map(workerList.map((w) => [w.id, w]));
      setIncidents(incidentList);
      liveLoaded.value = true;
    });
    // Tests (and anyone curious) can tell when new cases start to chime.
    document.body.dataset.liveLoaded = 'true';
    await loadCameras();
  }

  function select(id: string | null): void {
    selectedId.value = id;
  }

  /** Selects the case and brings the map to it. */
  function pick(id: string): void {
    select(id);
    const incident = incidents.value.get(id);
    if (incident) focus?.(incident);
  }

  /** Raises a case from a camera seen on the video patrol; the case opens once the hub answers. */
  async function raiseFromCamera(camera: CameraView, type: CameraAlertType, note: string): Promise<void> {
    try {
      const answer = await api.post<CameraAlertAnswer>(CAMERA_API.raise(camera.id), { type, ...(note ? { description: note } : {}) });
      showToast(t(answer.outcome === 'opened' ? 'raised' : 'raisedMerged').replace('{no}', answer.caseNo ?? ''), 'success');
      if (!answer.incidentId) return;
      upsertIncident(await api.get<IncidentView>(API.incident(answer.incidentId)));
      pick(answer.incidentId);
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  async function dismissCameraCase(incident: IncidentView): Promise<void> {
    try {
      upsertIncident(await api.post<IncidentView>(CAMERA_API.dismiss(incident.id), {}));
      showToast(t('dismissed'), 'success');
      // The camera's record moved: its popup shows the new dismissal count.
      cameras.value = await api.get<CameraView[]>(CAMERA_API.cameras);
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  /** The 回访 worklist afresh; an error is said only while its panel is open. */
  async function loadFollowUps(): Promise<void> {
    try {
      followUps.value = await api.get<FollowUpWorklist>(FOLLOWUP_API.worklist);
    } catch (e) {
      if (openPanels.value.has('followUp')) showToast(errorText(e), 'error');
    }
  }

  /** A 回访 scheduled, overdue or recorded arrives as a case upsert: the worklist is read again shortly after. */
  function followFollowUps(): void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let first = true;
    effect(() => {
      void incidents.value;
      if (first) {
        first = false;
        return;
      }
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void loadFollowUps();
      }, 500);
    });
    void loadFollowUps();
  }

  function togglePanel(name: PanelName, open = !openPanels.value.has(name)): void {
    const next = new Set(openPanels.value);
    if (open) next.add(name);
    else next.delete(name);
    openPanels.value = next;
  }

  function switchGridIndex(on: boolean): void {
    localStorage.setItem(GRID_INDEX_STORAGE_KEY, on ? 'on' : 'off');
    gridIndexOn.value = on;
  }

  /** The map says how to bring it to a case (it exists once its component has mounted). */
  function onFocus(listener: (incident: IncidentView) => void): void {
    focus = listener;
  }

  /** The case detail listens while it is shown; returns how to stop. */
  function listenDetail(listener: DetailNews): () => void {
    detailListeners.add(listener);
    return () => detailListeners.delete(listener);
  }

  function pageUpdated(attempt: PageAttemptView): void {
    for (const listener of detailListeners) listener.pageUpdated(attempt);
  }

  function clockAlert(alert: ClockAlert): void {
    for (const listener of detailListeners) listener.clockAlert(alert);
  }

  return {
    api,
    loadTownship,
    loadLive,
    upsertIncident,
    upsertWorker,
    moveWorkers,
    updateCameraFacts,
    select,
    pick,
    raiseFromCamera,
    dismissCameraCase,
    togglePanel,
    loadFollowUps,
    followFollowUps,
    switchGridIndex,
    onFocus,
    listenDetail,
    pageUpdated,
    clockAlert,
  };
}
