/**
 * Workers' latest positions in one township, for "nearest available workers" lookups while phones
 * keep reporting every few seconds.
 *
 * kdbush is a static kd-tree (fast to query, rebuilt whole) and geokdbush walks it in great-circle
 * order. To take thousands of moves a second, a move does not touch the tree: the worker joins a
 * "moved since the last rebuild" list, its stale tree entry is skipped, and queries scan the list
 * and merge. The tree is rebuilt once the list passes `overlayLimit`, so a query scans a bounded
 * list and a move costs an array write plus its share of the next rebuild. That rebuild runs inside
 * the `upsert` that crosses the limit and takes about 2 ms for 10,000 workers, 20 ms for 100,000
 * (bench/candidate-lookup.bench.ts measures lookups and updates against a brute-force scan).
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { DomainError } from '../errors';

export interface WorkerFix {
  lng: number;
  lat: number;
  at: Date;
}

export interface NearbyWorker {
  id: string;
  distanceM: number;
}

export interface NearestOptions {
  maxResults: number;
  maxDistanceM?: number;
  /** Keeps a worker when true. Called for workers near the point, not for every worker. */
  filter?: (id: string) => boolean;
}

export interface LiveWorkerIndexOptions {
  /**
   * How many moved workers may wait outside the tree before it is rebuilt, given the index size.
   * Default: an eighth of the workers, at least 256.
   */
  overlayLimit?: (size: number) => number;
}

/** Same radius as turf's `distance`, so figures agree with `distanceMeters`. */
const EARTH_RADIUS_M = 6_371_008.8;
/** geokdbush measures in kilometres on a 6,371 km sphere. */
const GEOKDBUSH_RADIUS_KM = 6_371;
const RAD = Math.PI / 180;
const INITIAL_CAPACITY = 64;

const defaultOverlayLimit = (size: number) => Math.max(256, size >> 3);

export function greatCircleMeters(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLng = Math.sin(((lng2 - lng1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLng * sinDLng;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function checkPoint(lng: number, lat: number): void {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new DomainError('INVALID_INPUT', `坐标无效：${lng}, ${lat}`, `invalid coordinates: ${lng}, ${lat}`, 'location');
  }
}

function grown<T extends Float64Array | Int32Array>(array: T, capacity: number, fill?: number): T {
  const next = (array instanceof Float64Array ? new Float64Array(capacity) : new Int32Array(capacity)) as T;
  if (fill !== undefined) next.fill(fill);
  next.set(array);
  return next;
}

export class LiveWorkerIndex {
  private readonly overlayLimit: (size: number) => number;
  private readonly slotOf = new Map<string, number>();
  /** Slot → worker id; undefined once removed, until the slot is reused. */
  private readonly ids: (string | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private lngs = new Float64Array(INITIAL_CAPACITY);
  private lats = new Float64Array(INITIAL_CAPACITY);
  private ats = new Float64Array(INITIAL_CAPACITY);
  /** Slot → its place in the moved list, or -1 when the tree holds the slot's current position. */
  private movedAt = new Int32Array(INITIAL_CAPACITY).fill(-1);
  // The moved list keeps its own copy of coordinates so a query scans contiguous memory.
  private movedSlots = new Int32Array(INITIAL_CAPACITY);
  private movedLngs = new Float64Array(INITIAL_CAPACITY);
  private movedLats = new Float64Array(INITIAL_CAPACITY);
  private movedCount = 0;
  private tree: KDBush | null = null;
  /** Tree item → slot: the tree holds only the slots live at the last rebuild. */
  private treeSlots = new Int32Array(0);

  constructor(options: LiveWorkerIndexOptions = {}) {
    this.overlayLimit = options.overlayLimit ?? defaultOverlayLimit;
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Adds a worker or moves it. A fix older than the one held is ignored: phones resend late. */
  upsert(id: string, lng: number, lat: number, at: Date): void {
    checkPoint(lng, lat);
    const time = at.getTime();
    if (Number.isNaN(time)) throw new DomainError('INVALID_INPUT', '定位时间无效', 'invalid fix time', 'at');
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.claimSlot(id);
    } else if (time < this.ats[slot]) {
      return;
    } else if (this.lngs[slot] === lng && this.lats[slot] === lat) {
      // A worker waiting at the station reports the same spot over and over; the tree is still right.
      this.ats[slot] = time;
      return;
    }
    this.lngs[slot] = lng;
    this.lats[slot] = lat;
    this.ats[slot] = time;
    let moved = this.movedAt[slot];
    if (moved < 0) {
      moved = this.movedCount++;
      this.movedAt[slot] = moved;
      this.movedSlots[moved] = slot;
    }
    this.movedLngs[moved] = lng;
    this.movedLats[moved] = lat;
    if (this.movedCount > this.overlayLimit(this.size)) this.rebuild();
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    const moved = this.movedAt[slot];
    if (moved >= 0) {
      const last = --this.movedCount;
      const lastSlot = this.movedSlots[last];
      this.movedSlots[moved] = lastSlot;
      this.movedLngs[moved] = this.movedLngs[last];
      this.movedLats[moved] = this.movedLats[last];
      this.movedAt[lastSlot] = moved;
      this.movedAt[slot] = -1;
    }
    // A stale tree entry for this slot is skipped because the id is gone; whoever reuses the slot
    // starts on the moved list, which hides the entry until the next rebuild.
    this.freeSlots.push(slot);
  }

  position(id: string): WorkerFix | null {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return null;
    return { lng: this.lngs[slot], lat: this.lats[slot], at: new Date(this.ats[slot]) };
  }

  /**
   * Workers nearest first by great-circle distance, equal distances in id order. Of several workers
   * tied exactly at the cut-off, which are kept is not promised.
   */
  nearest(lng: number, lat: number, options: NearestOptions): NearbyWorker[] {
    checkPoint(lng, lat);
    const { maxResults, maxDistanceM = Infinity, filter } = options;
    if (!(maxResults >= 0 && (Number.isInteger(maxResults) || maxResults === Infinity)) || Number.isNaN(maxDistanceM)) {
      throw new DomainError('INVALID_INPUT', '查询参数无效', `invalid query: maxResults ${maxResults}, maxDistanceM ${maxDistanceM}`);
    }
    if (maxResults === 0 || this.size === 0) return [];

    const found: NearbyWorker[] = [];
    const tree = this.tree;
    if (tree && tree.numItems > 0) {
      const { ids, movedAt, treeSlots } = this;
      const current = (item: number) => {
        const slot = treeSlots[item];
        const id = ids[slot];
        return id !== undefined && movedAt[slot] < 0 && (!filter || filter(id));
      };
      // A hair wider than asked (geokdbush's sphere is 9 m smaller); the exact cut is made below.
      const km = Math.min((maxDistanceM / 1000) * (EARTH_RADIUS_M / 1000 / GEOKDBUSH_RADIUS_KM) * (1 + 1e-9), Math.PI * GEOKDBUSH_RADIUS_KM);
      for (const item of around(tree, lng, lat, maxResults, km, current)) {
        const slot = treeSlots[item];
        const distanceM = greatCircleMeters(lng, lat, this.lngs[slot], this.lats[slot]);
        if (distanceM <= maxDistanceM) found.push({ id: ids[slot] as string, distanceM });
      }
    }

    // Only moved workers closer than the tree's last pick can make the cut. Most of the list lies
    // outside that circle's latitude band (one subtraction each) or its longitude band.
    const bound = found.length === maxResults ? found[found.length - 1].distanceM : maxDistanceM;
    // A hair wider, so rounding never drops a worker sitting on the boundary.
    const angle = (bound / EARTH_RADIUS_M) * (1 + 1e-9);
    const latWindow = angle / RAD;
    const lngWindow = angle < Math.PI / 2 - Math.abs(lat * RAD) ? Math.asin(Math.sin(angle) / Math.cos(lat * RAD)) / RAD : Infinity;
    const { movedLngs, movedLats, movedSlots } = this;
    for (let i = 0, n = this.movedCount; i < n; i++) {
      // Math.abs rather than two comparisons: the list is in no order, and branches mispredict.
      if (Math.abs(movedLats[i] - lat) > latWindow) continue;
      const dLng = Math.abs(movedLngs[i] - lng);
      if (Math.min(dLng, 360 - dLng) > lngWindow) continue;
      const distanceM = greatCircleMeters(lng, lat, movedLngs[i], movedLats[i]);
      if (distanceM > bound) continue;
      const id = this.ids[movedSlots[i]] as string;
      if (filter && !filter(id)) continue;
      found.push({ id, distanceM });
    }

    found.sort((a, b) => a.distanceM - b.distanceM || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (found.length > maxResults) found.length = maxResults;
    return found;
  }

  private claimSlot(id: string): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(undefined);
      if (slot === this.lngs.length) this.grow(slot * 2);
    }
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    return slot;
  }

  private grow(capacity: number): void {
    this.lngs = grown(this.lngs, capacity);
    this.lats = grown(this.lats, capacity);
    this.ats = grown(this.ats, capacity);
    this.movedAt = grown(this.movedAt, capacity, -1);
    this.movedSlots = grown(this.movedSlots, capacity);
    this.movedLngs = grown(this.movedLngs, capacity);
    this.movedLats = grown(this.movedLats, capacity);
  }

  /** Puts every live worker in a fresh tree and empties the moved list. */
  private rebuild(): void {
    const tree = new KDBush(this.size);
    const treeSlots = new Int32Array(this.size);
    let item = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] === undefined) continue;
      tree.add(this.lngs[slot], this.lats[slot]);
      treeSlots[item++] = slot;
    }
    tree.finish();
    for (let i = 0; i < this.movedCount; i++) this.movedAt[this.movedSlots[i]] = -1;
    this.movedCount = 0;
    this.tree = tree;
    this.treeSlots = treeSlots;
  }
}
