/**
 * Positions from phones and positioning platforms: checked, converted to WGS-84 once, refused when
 * outside the township or for a worker of another township, then buffered (see PositionBuffer).
 */
import { Inject, Injectable } from '@nestjs/common';
import { COORD_SYSTEMS, type PositionFix } from '@xiaonao/contracts';
import { DomainError, isValidLngLat, toWgs84, withinBounds, type Bounds } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { MetricsService } from '../ops/metrics.service';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { plainPositionFix } from './plain-position-fix';
import type { CheckedFix } from './checked-fix';
import { PositionBuffer } from './position-buffer';

export type { CheckedFix } from './checked-fix';

interface TownshipRoster {
  bounds: Bounds | null;
  workers: Set<string>;
  loadedAt: number;
}

/** An unknown worker id reloads the roster at most this often (a worker added since), not on every bogus id. */
const ROSTER_RELOAD_MS = 10_000;

@Injectable()
export class PositionService {
  private readonly rosters = new Map<string, Promise<TownshipRoster>>();
  /** The rosters read so far, for the synchronous path (reportKnown); a reload replaces one when it is read. */
  private readonly readRosters = new Map<string, TownshipRoster>();
  private readonly now = () => this.clock.now();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PositionBuffer) private readonly buffer: PositionBuffer,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** Validates a fix and converts it; `field` prefixes the name reported when it is wrong. */
  check(fix: PositionFix, field = 'position'): CheckedFix {
    return checkFix(fix, field, () => this.clock.now());
  }

  /**
   * A socket payload that is plainly a valid fix, checked and converted as check() would; null for anything
   * else, which the full validation (validateMessage, then report) then answers with its own words.
   */
  plainFix(payload: unknown): CheckedFix | null {
    return plainPositionFix(payload, this.now);
  }

  /** Checks, places and buffers one worker's fix. */
  async report(townshipId: string, workerId: string, fix: PositionFix, field = 'position'): Promise<CheckedFix> {
    const checked = this.check(fix, field);
    await this.accept(townshipId, workerId, checked, field);
    return checked;
  }

  /**
   * Takes a checked fix at once when the township's roster is already read, the worker is on it and the fix
   * lies within the township: the common case, without a promise per report. False leaves the fix untouched
   * for accept() (roster still being read, an unknown worker, outside the township), which answers it.
   */
  reportKnown(townshipId: string, workerId: string, fix: CheckedFix): boolean {
    const roster = this.readRosters.get(townshipId);
    if (!roster || !roster.workers.has(workerId) || (roster.bounds && !withinBounds(fix, roster.bounds))) return false;
    this.take(townshipId, workerId, fix);
    return true;
  }

  /** Reads a township's roster ahead of its first fix (a worker's phone connecting), so that fix is taken at once too. */
  prepare(townshipId: string): void {
    if (!this.rosters.has(townshipId)) void this.loadedRoster(townshipId).catch(() => undefined);
  }

  async accept(townshipId: string, workerId: string, fix: CheckedFix, field = 'position'): Promise<void> {
    const roster = await this.roster(townshipId, workerId);
    if (!roster.workers.has(workerId)) {
      this.metrics.positionsRefused.inc();
      throw new DomainError('NOT_FOUND', `${field}：本街道没有该网格员`, `${field}: no such worker in this township`, field);
    }
    if (roster.bounds && !withinBounds(fix, roster.bounds)) {
      this.metrics.positionsRefused.inc();
      throw invalid(`${field}.lng`, '位置不在本街道范围内（坐标系是否声明正确？）', 'outside the township (is the coordinate system right?)');
    }
    this.take(townshipId, workerId, fix);
  }

  private take(townshipId: string, workerId: string, fix: CheckedFix): void {
    this.buffer.add({ townshipId, workerId, lng: fix.lng, lat: fix.lat, at: fix.at, accuracyM: fix.accuracyM });
    this.metrics.positions.inc();
  }

  /** A batch from a positioning platform: all checked before any is taken. */
  async reportMany(townshipId: string, fixes: (PositionFix & { workerId: string })[]): Promise<number> {
    const checked = fixes.map((fix, i) => ({ workerId: fix.workerId, fix: this.check(fix, `positions[${i}]`) }));
    for (const [i, { workerId, fix }] of checked.entries()) {
      const roster = await this.roster(townshipId, workerId);
      if (!roster.workers.has(workerId)) throw new DomainError('NOT_FOUND', `positions[${i}].workerId：本街道没有该网格员`, `positions[${i}].workerId: no such worker here`, `positions[${i}].workerId`);
      if (roster.bounds && !withinBounds(fix, roster.bounds)) throw invalid(`positions[${i}].lng`, '位置不在本街道范围内', 'outside the township');
    }
    for (const { workerId, fix } of checked) await this.accept(townshipId, workerId, fix);
    return checked.length;
  }

  /** The township's bounds and worker ids; reloaded when an unknown worker shows up (a worker added since). */
  private async roster(townshipId: string, workerId: string): Promise<TownshipRoster> {
    let roster = this.rosters.get(townshipId);
    const known = roster ? await roster : null;
    if (roster && known && !known.workers.has(workerId) && Date.now() - known.loadedAt > ROSTER_RELOAD_MS) {
      this.rosters.delete(townshipId);
      roster = undefined;
    }
    return roster ?? this.loadedRoster(townshipId);
  }

  private loadedRoster(townshipId: string): Promise<TownshipRoster> {
    const roster = this.loadRoster(townshipId);
    roster.then((read) => this.readRosters.set(townshipId, read)).catch(() => this.rosters.delete(townshipId));
    this.rosters.set(townshipId, roster);
    return roster;
  }

  private async loadRoster(townshipId: string): Promise<TownshipRoster> {
    const ids = await this.db.query<{ id: string }>('SELECT id FROM worker WHERE township_id = $1', [townshipId]);
    return { bounds: await this.townships.bounds(townshipId), workers: new Set(ids.map((r) => r.id)), loadedAt: Date.now() };
  }
}

/**
 * A fix's rules (the shape is the DTO's): lng/lat in range, a known coordinate system, a readable time (now
 * when absent, read from `now`), converted to WGS-84. plainPositionFix gives the same answer for plain fixes.
 */
export function checkFix(fix: PositionFix, field: string, now: () => Date): CheckedFix {
  if (typeof fix !== 'object' || fix === null) throw invalid(field, '缺少位置', 'position missing');
  const system = fix.coordSystem ?? 'WGS84';
  if (!COORD_SYSTEMS.includes(system)) throw invalid(`${field}.coordSystem`, '坐标系只能是 WGS84、GCJ02 或 BD09', 'coordSystem must be WGS84, GCJ02 or BD09');
  if (typeof fix.lng !== 'number' || typeof fix.lat !== 'number' || !isValidLngLat(fix)) {
    throw invalid(`${field}.lng`, '经纬度无效（经度 -180~180，纬度 -90~90）', 'lng/lat out of range');
  }
  let at: Date;
  if (fix.at === undefined) at = now();
  else {
    at = new Date(fix.at);
    if (Number.isNaN(at.getTime())) throw invalid(`${field}.at`, '定位时间格式无效', 'at is not an ISO time');
  }
  return { ...toWgs84(fix, system), at, accuracyM: typeof fix.accuracyM === 'number' ? fix.accuracyM : null };
}

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);
}
