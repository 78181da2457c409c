/**
 * The district view's state, one copy typed by the contracts: the overview (townships and their
 * rates), the open cases and workers on the map, the breaches heard live, and the case opened. Socket
 * news (incident.upserted, clock.alert) keeps the cases current; the overview and the workers are
 * read again every half minute, since rates come from roll-ups and positions are not pushed to regions.
 */
import { computed, signal } from '@preact/signals';
import { REGION_API, type ClockAlert, type IncidentView, type RegionMapView, type RegionOverview, type RegionWorkerPin } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';

export interface Breach {
  incidentId: string;
  caseNo: string;
  townshipId: string;
  stage: ClockAlert['stage'];
  at: string;
}

export interface OpenCounts {
  open: number;
  openAtRisk: number;
  openBreached: number;
}

/** How an open case stands on the map: the worst of its clocks. */
export type CaseMark = 'breached' | 'at_risk' | 'ok';

export function markOf(incident: IncidentView): CaseMark {
  if (incident.clocks.some((c) => c.status === 'breached' || c.status === 'met_late')) return 'breached';
  if (incident.clocks.some((c) => c.status === 'at_risk')) return 'at_risk';
  return 'ok';
}

export class DistrictStore {
  readonly overview = signal<RegionOverview | null>(null);
  readonly incidents = signal<ReadonlyMap<string, IncidentView>>(new Map());
  readonly workers = signal<readonly RegionWorkerPin[]>([]);
  readonly tiles = signal<RegionMapView['tiles'] | null>(null);
  readonly breaches = signal<readonly Breach[]>([]);
  readonly opened = signal<string | null>(null);
  readonly period = signal<{ from?: string; to?: string }>({});
  readonly error = signal<string | null>(null);

  readonly townshipName = computed(() => new Map((this.overview.value?.townships ?? []).map((t) => [t.id, t.name])));
  /** Whether the map's cases have loaded: from then on the open counts are the live cases', not the overview's. */
  readonly mapLoaded = signal(false);
  /** Open, at-risk and breached cases per township, from the cases socket news keeps current. */
  readonly openCounts = computed(() => {
    const counts = new Map<string, OpenCounts>();
    for (const i of this.incidents.value.values()) {
      const c = counts.get(i.townshipId) ?? { open: 0, openAtRisk: 0, openBreached: 0 };
      const mark = markOf(i);
      counts.set(i.townshipId, { open: c.open + 1, openAtRisk: c.openAtRisk + (mark === 'at_risk' ? 1 : 0), openBreached: c.openBreached + (mark === 'breached' ? 1 : 0) });
    }
    return counts;
  });

  constructor(private readonly api: ApiClient) {}

  async loadAll(): Promise<void> {
    await Promise.all([this.loadOverview(), this.loadMap()]);
  }

  async loadOverview(): Promise<void> {
    const { from, to } = this.period.value;
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    const search = query.toString();
    this.overview.value = await this.api.get<RegionOverview>(search ? `${REGION_API.overview}?${search}` : REGION_API.overview);
  }

  async loadMap(): Promise<void> {
    const map = await this.api.get<RegionMapView>(REGION_API.map);
    this.tiles.value = map.tiles;
    this.workers.value = map.workers;
    this.incidents.value = new Map(map.incidents.map((i) => [i.id, i]));
    this.mapLoaded.value = true;
    // Breaches already standing when the page loads are listed too, newest deadline first.
    const standing: Breach[] = [];
    for (const i of map.incidents) {
      for (const c of i.clocks) if (c.status === 'breached') standing.push({ incidentId: i.id, caseNo: i.caseNo, townshipId: i.townshipId, stage: c.stage, at: c.deadline });
    }
    const heard = this.breaches.value.filter((b) => !standing.some((s) => s.incidentId === b.incidentId && s.stage === b.stage));
    this.breaches.value = [...heard, ...standing].sort((a, b) => b.at.localeCompare(a.at));
  }

  /** A case's news: closed cases leave the map, others are placed or moved. */
  upsert(incident: IncidentView): void {
    const next = new Map(this.incidents.value);
    if (incident.state === 'closed') next.delete(incident.id);
    else next.set(incident.id, incident);
    this.incidents.value = next;
  }

  /** A breach heard on the socket goes to the top of the list (once per case and stage). */
  alert(alert: ClockAlert): void {
    if (alert.status !== 'breached') return;
    if (this.breaches.value.some((b) => b.incidentId === alert.incidentId && b.stage === alert.stage)) return;
    const townshipId = this.incidents.value.get(alert.incidentId)?.townshipId ?? '';
    this.breaches.value = [{ incidentId: alert.incidentId, caseNo: alert.caseNo, townshipId, stage: alert.stage, at: alert.at }, ...this.breaches.value];
  }

  open(id: string): void {
    this.opened.value = id;
  }

  close(): void {
    this.opened.value = null;
  }
}
