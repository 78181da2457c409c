/**
 * The township's cameras (摄像头台账): listed and registered by operators, looked up by code for every
 * alert. A township's cameras are read together and kept briefly, since a storm asks for them thousands
 * of times; a change made in this process is seen at once, one made in another within the cache's life.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { CameraRequest, CameraView, LngLat } from '@xiaonao/contracts';
import { cameraNoise, DomainError, locateArea, toWgs84, withinBounds } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';

/** What an alert needs to know of its camera. */
export interface CameraEntry {
  id: string;
  townshipId: string;
  code: string;
  name: string;
  location: LngLat;
  gridName: string | null;
  enabled: boolean;
}

interface CameraRow {
  id: string;
  township_id: string;
  code: string;
  name: string;
  lng: number;
  lat: number;
  grid_id: string | null;
  grid_code: string | null;
  grid_name: string | null;
  owner: string;
  enabled: boolean;
  dismissals: number;
  cases: number;
  last_alert_at: Date | null;
  updated_at: Date;
}

/** A camera registered or changed in another hub process is seen within this long. */
const CACHE_MS = 10_000;

const CAMERA_SELECT = `
  SELECT c.id, c.township_id, c.code, c.name, c.lng, c.lat, c.grid_id, g.code AS grid_code, g.name AS grid_name, c.owner, c.enabled, c.dismissals, c.updated_at,
         (SELECT count(DISTINCT s.incident_id)::int FROM camera_storm s WHERE s.camera_id = c.id) AS cases,
         (SELECT a.received_at FROM camera_alert a WHERE a.camera_id = c.id ORDER BY a.received_at DESC LIMIT 1) AS last_alert_at
  FROM camera c LEFT JOIN grid g ON g.id = c.grid_id`;

function toView(r: CameraRow): CameraView {
  const noise = cameraNoise({ dismissals: r.dismissals, cases: r.cases });
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    location: { lng: r.lng, lat: r.lat },
    grid: r.grid_id ? { id: r.grid_id, code: r.grid_code ?? '', name: r.grid_name ?? '' } : null,
    owner: r.owner,
    enabled: r.enabled,
    dismissals: r.dismissals,
    cases: r.cases,
    dismissalShare: Math.round(noise.dismissalShare * 1000) / 1000,
    noisy: noise.noisy,
    lastAlertAt: r.last_alert_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export const unknownCamera = (field: string) => new DomainError('INVALID_INPUT', `${field}：未登记的摄像头`, `${field}: no such camera in this township`, field);

@Injectable()
export class CameraRegistry {
  /** Every camera of a township by code, read in one query: a storm asks for hundreds of cameras a second. */
  private readonly cache = new Map<string, { cameras: Promise<Map<string, CameraEntry>>; until: number }>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  async list(townshipId: string): Promise<CameraView[]> {
    const rows = await this.db.query<CameraRow>(`${CAMERA_SELECT} WHERE c.township_id = $1 ORDER BY c.code`, [townshipId]);
    return rows.map(toView);
  }

  async view(townshipId: string, id: string): Promise<CameraView> {
    const [row] = await this.db.query<CameraRow>(`${CAMERA_SELECT} WHERE c.township_id = $1 AND c.id = $2`, [townshipId, id]);
    if (!row) throw new DomainError('NOT_FOUND', '摄像头不存在', 'No such camera');
    return toView(row);
  }

  /** Registers the camera under `code`, or changes it; its grid follows from where it stands. */
  async put(townshipId: string, code: string, req: CameraRequest): Promise<CameraView> {
    const location = toWgs84(req.location, req.coordSystem ?? 'WGS84');
    const bounds = await this.townships.bounds(townshipId);
    if (bounds && !withinBounds(location, bounds)) {
      throw new DomainError('INVALID_INPUT', 'location：位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'location: outside the township (swapped, or the wrong coordinate system?)', 'location');
    }
    const grid = locateArea(location, await this.townships.grids(townshipId));
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO camera (township_id, code, name, lng, lat, grid_id, owner, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (township_id, code) DO UPDATE SET name = $3, lng = $4, lat = $5, grid_id = $6, owner = $7, enabled = $8, updated_at = now()
       RETURNING id`,
      [townshipId, code, req.name.trim(), location.lng, location.lat, grid?.id ?? null, req.owner.trim(), req.enabled],
    );
    this.cache.delete(townshipId);
    return this.view(townshipId, row.id);
  }

  /** The camera an alert names, or a 4xx naming `field`: unknown, or disabled. */
  async forAlert(townshipId: string, code: string, field = 'cameraCode'): Promise<CameraEntry> {
    const camera = await this.byCode(townshipId, code);
    if (!camera) throw unknownCamera(field);
    if (!camera.enabled) throw new DomainError('FORBIDDEN', `${field}：摄像头「${camera.name}」已停用，告警不予受理`, `${field}: this camera is disabled; its alerts are refused`, field);
    return camera;
  }

  /** By the hub's id, for an operator's raise: the operator's own township only. */
  async byId(townshipId: string, id: string): Promise<CameraEntry> {
    const [row] = await this.db.query<CameraRow>(`${CAMERA_SELECT} WHERE c.township_id = $1 AND c.id = $2`, [townshipId, id]);
    if (!row) throw new DomainError('NOT_FOUND', '摄像头不存在', 'No such camera');
    return toEntry(row);
  }

  private async byCode(townshipId: string, code: string): Promise<CameraEntry | null> {
    const cached = this.cache.get(townshipId);
    if (cached && cached.until > Date.now()) return (await cached.cameras).get(code) ?? null;
    const cameras = this.db
      .query<Pick<CameraRow, 'id' | 'township_id' | 'code' | 'name' | 'lng' | 'lat' | 'grid_name' | 'enabled'>>(
        'SELECT c.id, c.township_id, c.code, c.name, c.lng, c.lat, g.name AS grid_name, c.enabled FROM camera c LEFT JOIN grid g ON g.id = c.grid_id WHERE c.township_id = $1',
        [townshipId],
      )
      .then((rows) => new Map(rows.map((r) => [r.code, toEntry(r)])));
    cameras.catch(() => this.cache.delete(townshipId));
    this.cache.set(townshipId, { cameras, until: Date.now() + CACHE_MS });
    return (await cameras).get(code) ?? null;
  }
}

function toEntry(r: Pick<CameraRow, 'id' | 'township_id' | 'code' | 'name' | 'lng' | 'lat' | 'grid_name' | 'enabled'>): CameraEntry {
  return { id: r.id, townshipId: r.township_id, code: r.code, name: r.name, location: { lng: r.lng, lat: r.lat }, gridName: r.grid_name, enabled: r.enabled };
}
