/**
 * The console's state, one signal per fact, typed by the contracts: the township, its workers and cases,
 * the selected case, the cameras. Components read these; the socket and catch-up handlers and the REST
 * answers (console-actions.ts) write them. What changes with the time (urgency order, at-risk counts,
 * stale positions) is computed here from `now`, so a component re-renders only when the answer changes.
 */
import { computed, signal } from '@preact/signals';
import type { CameraIncidentView, CameraView, FollowUpWorklist, IncidentView, TownshipView, WorkerView } from '@xiaonao/contracts';
import { byUrgency, type UrgencyCase } from '@xiaonao/domain';
import { worstRunningStatus } from '../shared/countdown';
import { shanghaiDay } from '../shared/format-time';
import { now } from '../shared/ui/page-signals';
import { tileKind, type TileKind } from './map-projection';
import { isStale } from './worker-staleness';

// The hub's time, the language and the socket's state are the shared page signals (shared/ui/page-signals.ts).
export { now, lang, online, useLanguage } from '../shared/ui/page-signals';

export const township = signal<TownshipView | null>(null);
/** Every case the console knows, by id: open ones and those closed lately. */
export const incidents = signal<ReadonlyMap<string, IncidentView>>(new Map());
export const workers = signal<ReadonlyMap<string, WorkerView>>(new Map());
export const selectedId = signal<string | null>(null);
/** The first load of cases and workers is in: cases arriving from then on chime and flash. */
export const liveLoaded = signal(false);

export const cameras = signal<readonly CameraView[]>([]);
/** Camera facts of the cases shown (alerts, cameras), by incident id. */
export const cameraFacts = signal<ReadonlyMap<string, CameraIncidentView>>(new Map());

/**
 * The tiles shown: their kind, the kind before the last change (the map keeps its view on the same ground),
 * and a count that moves whenever what they show changed (a switch, or the township's own source arriving).
 */
export const tiles = signal<{ kind: TileKind; previous: TileKind; version: number }>({ kind: tileKind(), previous: tileKind(), version: 0 });
/** 网格指数 on the map: off by default, remembered in this browser. */
export const GRID_INDEX_STORAGE_KEY = 'xiaonao.console.gridIndexLayer';
export const gridIndexOn = signal(localStorage.getItem(GRID_INDEX_STORAGE_KEY) === 'on');

/** The floating panels over the map, each opened by its button in the top bar. */
export type PanelName = 'newCase' | 'roster' | 'notify' | 'feedback' | 'followUp' | 'gridIndex';
export const openPanels = signal<ReadonlySet<PanelName>>(new Set());

/** The 回访 worklist (docs/followup.md); its button shows how many are overdue. */
export const followUps = signal<FollowUpWorklist>({ due: [], overdue: [], supervision: [], awaitingSignOff: [] });

export const selected = computed(() => (selectedId.value ? (incidents.value.get(selectedId.value) ?? null) : null));

const newestFirst = (a: IncidentView, b: IncidentView) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt);

/** Open cases, newest first. */
export const openIncidents = computed(() => [...incidents.value.values()].filter((i) => i.state !== 'closed').sort(newestFirst));

export const openCount = computed(() => openIncidents.value.length);

function urgencyCase(incident: IncidentView): UrgencyCase {
  return {
    closed: incident.state === 'closed',
    receivedAt: new Date(incident.receivedAt),
    clocks: incident.clocks.map((c) => ({ deadline: new Date(c.deadline), warnAt: new Date(c.warnAt), doneAt: c.doneAt === null ? null : new Date(c.doneAt) })),
  };
}

/**
 * The open cases' ids most urgent first (breached, at risk, then by the nearest deadline; libs/domain
 * urgency-order), joined: a string, so the list is drawn again only when a clock turning changes the order.
 */
export const urgencyOrder = computed(() => byUrgency(openIncidents.value, new Date(now.value), urgencyCase).map((i) => i.id).join(','));

/** Ids of the cases closed today (Shanghai calendar), most recently closed first, joined. */
export const closedTodayOrder = computed(() => {
  const today = shanghaiDay(new Date(now.value));
  return [...incidents.value.values()]
    .filter((i) => i.state === 'closed' && i.closedAt !== null && shanghaiDay(i.closedAt) === today)
    .sort((a, b) => Date.parse(b.closedAt ?? b.updatedAt) - Date.parse(a.closedAt ?? a.updatedAt))
    .map((i) => i.id)
    .join(',');
});

function countWorst(status: 'at_risk' | 'breached'): number {
  let n = 0;
  for (const incident of openIncidents.value) if (worstRunningStatus(incident, now.value) === status) n++;
  return n;
}

export const atRiskCount = computed(() => countWorst('at_risk'));
export const breachedCount = computed(() => countWorst('breached'));

export const availableWorkers = computed(() => {
  let n = 0;
  for (const worker of workers.value.values()) if (worker.onDuty && worker.status === 'available') n++;
  return n;
});

/** On-duty workers drawn as stale right now (the legend's count). */
export const staleWorkers = computed(() => {
  let n = 0;
  for (const worker of workers.value.values()) if (isStale(worker, now.value)) n++;
  return n;
});

/** An older copy never overwrites a newer one (a catch-up may replay what a live event brought). */
export function isNewer(a: IncidentView, b: IncidentView): boolean {
  return Date.parse(a.updatedAt) > Date.parse(b.updatedAt);
}
