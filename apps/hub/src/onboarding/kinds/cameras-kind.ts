/** Video patrol cameras (视频探头) from CSV or XLSX, upserted by code and placed in their grid. */
import type { PolygonCoordinates } from '@xiaonao/contracts';
import { locateArea } from '@xiaonao/domain';
import { diffItems, readCameraRows, type Fields } from '@xiaonao/domain';
import { readTableFile } from '../table-file';
import { refusedWith, round7, updateColumns, wrongFormat, type KindImporter } from './kind-context';

interface StoredCamera {
  id: string;
  code: string;
  name: string;
  lng: number;
  lat: number;
  owner: string;
  enabled: boolean;
  grid: string | null;
}

const COLUMN: Record<string, string> = { name: 'name', lng: 'lng', lat: 'lat', owner: 'owner', enabled: 'enabled', grid: 'grid_id' };

export const importCameras: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'xlsx']);
  if (refused) return refused;
  const rows = await readTableFile(input.content, input.format === 'xlsx' ? 'xlsx' : 'csv');
  if (!Array.isArray(rows)) return refusedWith([rows]);
  const grids = await tx.query<{ id: string; code: string; polygon: PolygonCoordinates }>('SELECT id, code, polygon FROM grid WHERE township_id = $1 ORDER BY code', [township.id]);
  const coordSystem = input.coordSystem ?? 'WGS84';
  const file = readCameraRows(rows, { coordSystem, gridCodes: new Set(grids.map((g) => g.code)) });
  if (file.errors.length) return refusedWith(file.errors, coordSystem);
  const stored = await tx.query<StoredCamera>('SELECT c.id, c.code, c.name, c.lng, c.lat, c.owner, c.enabled, g.code AS grid FROM camera c LEFT JOIN grid g ON g.id = c.grid_id WHERE c.township_id = $1', [township.id]);
  const incoming = new Map<string, Fields>(
    file.cameras.map((c) => {
      const grid = c.gridCode !== undefined ? c.gridCode : (locateArea(c.location, grids)?.code ?? null);
      return [c.code, { name: c.name, lng: round7(c.location.lng), lat: round7(c.location.lat), owner: c.owner, enabled: c.enabled, grid }];
    }),
  );
  const changes = diffItems('camera', incoming, new Map(stored.map((c) => [c.code, { name: c.name, lng: c.lng, lat: c.lat, owner: c.owner, enabled: c.enabled, grid: c.grid }])));
  const gridIds = new Map(grids.map((g) => [g.code, g.id]));
  const value = (field: string, v: unknown): unknown => (field === 'grid' ? (v ? gridIds.get(v as string) : null) : v);
  for (const code of changes.added) {
    const f = incoming.get(code) as Fields;
    await tx.query('INSERT INTO camera (township_id, code, name, lng, lat, grid_id, owner, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      township.id,
      code,
      f.name,
      f.lng,
      f.lat,
      value('grid', f.grid),
      f.owner ?? '',
      f.enabled ?? true,
    ]);
  }
  const ids = new Map(stored.map((c) => [c.code, c.id]));
  for (const u of changes.updated) {
    const f = incoming.get(u.key) as Fields;
    await updateColumns(tx, 'camera', ids.get(u.key) as string, u.fields.map((field) => [COLUMN[field], value(field, f[field])] as const), ['updated_at']);
  }
  return { errors: [], warnings: [], changes: [changes], coordSystem };
};
