/** Positions from phones and positioning platforms: checked, converted to WGS-84 once, stored, announced. */
import { Inject, Injectable } from '@nestjs/common';
import { busSubject, COORD_SYSTEMS, type PositionFix, type WorkerView } from '@xiaonao/contracts';
import { DomainError, isValidLngLat, toWgs84 } from '@xiaonao/domain';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { WorkerStore, toWorkerView } from './worker-store';

export interface CheckedFix {
  lng: number;
  lat: number;
  at: Date;
}

@Injectable()
export class PositionService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  /** Validates a fix and converts it; `field` prefixes the name reported when it is wrong. */
  check(fix: PositionFix, field = 'position'): CheckedFix {
    if (typeof fix !== 'object' || fix === null) throw invalid(field, '缺少位置', 'position missing');
    const system = fix.coordSystem ?? 'WGS84';
    if (!COORD_SYSTEMS.includes(system)) throw invalid(`${field}.coordSystem`, '坐标系只能是 WGS84、GCJ02 或 BD09', 'coordSystem must be WGS84, GCJ02 or BD09');
    if (typeof fix.lng !== 'number' || typeof fix.lat !== 'number' || !isValidLngLat(fix)) {
      throw invalid(`${field}.lng`, '经纬度无效（经度 -180~180，纬度 -90~90）', 'lng/lat out of range');
    }
    let at = this.clock.now();
    if (fix.at !== undefined) {
      at = new Date(fix.at);
      if (Number.isNaN(at.getTime())) throw invalid(`${field}.at`, '定位时间格式无效', 'at is not an ISO time');
    }
    return { ...toWgs84(fix, system), at };
  }

  async report(townshipId: string, workerId: string, fix: PositionFix): Promise<WorkerView | null> {
    const checked = this.check(fix);
    const row = await this.workers.move(this.db, townshipId, workerId, checked.lng, checked.lat, checked.at);
    if (!row) return null;
    const worker = toWorkerView(row);
    await this.announce(townshipId, worker);
    return worker;
  }

  async reportMany(townshipId: string, fixes: (PositionFix & { workerId: string })[]): Promise<number> {
    const checked = fixes.map((fix, i) => ({ workerId: fix.workerId, ...this.check(fix, `positions[${i}]`) }));
    let moved = 0;
    for (const fix of checked) {
      const row = await this.workers.move(this.db, townshipId, fix.workerId, fix.lng, fix.lat, fix.at);
      if (!row) continue;
      moved++;
      await this.announce(townshipId, toWorkerView(row));
    }
    return moved;
  }

  // Positions are frequent news, not records of a decision: they skip the outbox and go straight out.
  private async announce(townshipId: string, worker: WorkerView): Promise<void> {
    const code = await this.townships.codeOf(townshipId);
    await this.bus.publish(busSubject(code, 'worker.updated'), { event: 'worker.updated', townshipId, townshipCode: code, at: this.clock.now().toISOString(), payload: { worker } });
  }
}

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);
}
