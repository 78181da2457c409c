/** What the console knows: the township, its workers and incidents, and the selected case. */
import type { IncidentView, TownshipView, WorkerView, WorkerMove } from '@xiaonao/contracts';
import { byUrgency, type UrgencyCase } from '@xiaonao/domain';
import { shanghaiDay } from '../shared/format-time';

export type ConsoleChange = 'township' | 'incidents' | 'workers' | 'selection';

export class ConsoleStore {
  township: TownshipView | null = null;
  readonly incidents = new Map<string, IncidentView>();
  readonly workers = new Map<string, WorkerView>();
  selectedId: string | null = null;
  private readonly listeners = new Set<(change: ConsoleChange) => void>();

  onChange(listener: (change: ConsoleChange) => void): void {
    this.listeners.add(listener);
  }

  private emit(change: ConsoleChange): void {
    for (const listener of this.listeners) listener(change);
  }

  setTownship(township: TownshipView): void {
    this.township = township;
    this.emit('township');
  }

  /** Replaces the list, keeping any copy a socket event delivered while the fetch was under way. */
  setIncidents(list: readonly IncidentView[]): void {
    const previous = new Map(this.incidents);
    this.incidents.clear();
    for (const incident of list) {
      const known = previous.get(incident.id);
      this.incidents.set(incident.id, known && isNewer(known, incident) ? known : incident);
    }
    this.emit('incidents');
  }

  /** Returns true when the incident was not known before. An older copy never overwrites a newer one. */
  upsertIncident(incident: IncidentView): boolean {
    const known = this.incidents.get(incident.id);
    if (known && isNewer(known, incident)) return false;
    this.incidents.set(incident.id, incident);
    this.emit('incidents');
    return !known;
  }

  setWorkers(list: readonly WorkerView[]): void {
    this.workers.clear();
    for (const worker of list) this.workers.set(worker.id, worker);
    this.emit('workers');
  }

  upsertWorker(worker: WorkerView): void {
    // A status change carries the position last written; keep a newer one that arrived by worker.moved.
    const known = this.workers.get(worker.id);
    const keepPosition = known?.positionAt && (!worker.positionAt || known.positionAt > worker.positionAt);
    this.workers.set(worker.id, keepPosition ? { ...worker, location: known.location, positionAt: known.positionAt } : worker);
    this.emit('workers');
  }

  /** Positions only, batched by the hub. */
  moveWorkers(moves: readonly WorkerMove[]): void {
    let changed = false;
    for (const move of moves) {
      const known = this.workers.get(move.workerId);
      if (!known || (known.positionAt && known.positionAt > move.positionAt)) continue;
      this.workers.set(move.workerId, { ...known, location: move.location, positionAt: move.positionAt });
      changed = true;
    }
    if (changed) this.emit('workers');
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.emit('selection');
  }

  selected(): IncidentView | null {
    return this.selectedId ? (this.incidents.get(this.selectedId) ?? null) : null;
  }

  /** Open cases, newest first. */
  openIncidents(): IncidentView[] {
    return [...this.incidents.values()].filter((i) => i.state !== 'closed').sort(newestFirst);
  }

  /** Open cases, most urgent first: breached, at risk, then by the nearest deadline (see libs/domain urgency-order). */
  openByUrgency(now: number): IncidentView[] {
    return byUrgency(
      [...this.incidents.values()].filter((i) => i.state !== 'closed'),
      new Date(now),
      urgencyCase,
    );
  }

  /** Cases closed today (Shanghai calendar), most recently closed first. */
  closedToday(now: number): IncidentView[] {
    const today = shanghaiDay(new Date(now));
    return [...this.incidents.values()]
      .filter((i) => i.state === 'closed' && i.closedAt !== null && shanghaiDay(i.closedAt) === today)
      .sort((a, b) => Date.parse(b.closedAt ?? b.updatedAt) - Date.parse(a.closedAt ?? a.updatedAt));
  }

  availableWorkers(): number {
    let n = 0;
    for (const worker of this.workers.values()) if (worker.onDuty && worker.status === 'available') n++;
    return n;
  }
}

function newestFirst(a: IncidentView, b: IncidentView): number {
  return Date.parse(b.receivedAt) - Date.parse(a.receivedAt);
}

function urgencyCase(incident: IncidentView): UrgencyCase {
  return {
    closed: incident.state === 'closed',
    receivedAt: new Date(incident.receivedAt),
    clocks: incident.clocks.map((c) => ({ deadline: new Date(c.deadline), warnAt: new Date(c.warnAt), doneAt: c.doneAt === null ? null : new Date(c.doneAt) })),
  };
}

function isNewer(a: IncidentView, b: IncidentView): boolean {
  return Date.parse(a.updatedAt) > Date.parse(b.updatedAt);
}
