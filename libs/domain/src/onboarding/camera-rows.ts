/**
 * Video patrol cameras (视频探头) from a table, keyed by code. Columns: code 编号 · name 名称 · lng 经度 ·
 * lat 纬度 (in the declared system) — required; owner 权属单位 · enabled 启用 (是/否) · grid 网格 — optional.
 * Without a grid column the hub places each camera in the grid holding its point.
 */
import type { CoordSystem, LngLat } from '@xiaonao/contracts';
import { isValidLngLat, toWgs84 } from '../geo/coordinates';
import { issueAt, LINE_LABEL, shown, type ImportIssue } from './import-report';
import { duplicateIssues, numberOf, readTable, yesNo, type ColumnSpec, type TableRow } from './table-rows';

export interface ImportedCamera {
  line: number;
  code: string;
  name: string;
  location: LngLat;
  owner?: string;
  enabled?: boolean;
  /** undefined: placed by its point. */
  gridCode?: string | null;
}

type CameraField = 'code' | 'name' | 'lng' | 'lat' | 'owner' | 'enabled' | 'grid';

const COLUMNS: readonly ColumnSpec<CameraField>[] = [
  { field: 'code', headers: ['code', '编号', '设备编号', '国标编码'], required: true },
  { field: 'name', headers: ['name', '名称', '点位名称'], required: true },
  { field: 'lng', headers: ['lng', 'lon', 'longitude', '经度'], required: true },
  { field: 'lat', headers: ['lat', 'latitude', '纬度'], required: true },
  { field: 'owner', headers: ['owner', '权属', '权属单位', '所属单位'] },
  { field: 'enabled', headers: ['enabled', '启用', '是否启用'] },
  { field: 'grid', headers: ['grid', '网格', '网格编号'] },
];

export function readCameraRows(rows: readonly TableRow[], context: { coordSystem: CoordSystem; gridCodes: ReadonlySet<string> }): { cameras: ImportedCamera[]; errors: ImportIssue[] } {
  const table = readTable(rows, COLUMNS);
  if (table.errors.length) return { cameras: [], errors: table.errors };
  const errors: ImportIssue[] = [];
  const cameras: ImportedCamera[] = [];
  for (const { line, values: v } of table.records) {
    const code = v.code ?? '';
    const before = errors.length;
    const fail = (field: CameraField, zh: string, en: string) => errors.push(issueAt(LINE_LABEL, line, table.names[field], zh, en, code || undefined));
    if (!code) fail('code', '编号不能为空', 'code is empty');
    if (!v.name) fail('name', '名称不能为空', 'name is empty');
    const lng = numberOf(v.lng ?? '');
    const lat = numberOf(v.lat ?? '');
    if (lng === null || Math.abs(lng) > 180) fail('lng', `经度应为 -180 到 180 的数字，收到「${shown(v.lng)}」`, `lng must be a number from -180 to 180, got "${shown(v.lng)}"`);
    if (lat === null || Math.abs(lat) > 90) fail('lat', `纬度应为 -90 到 90 的数字，收到「${shown(v.lat)}」`, `lat must be a number from -90 to 90, got "${shown(v.lat)}"`);
    let enabled: boolean | undefined;
    if (v.enabled !== undefined && v.enabled !== '') {
      const said = yesNo(v.enabled);
      if (said === null) fail('enabled', `启用应填「是」或「否」，收到「${shown(v.enabled)}」`, `enabled must be yes or no, got "${shown(v.enabled)}"`);
      else enabled = said;
    }
    let gridCode: string | null | undefined;
    if (v.grid !== undefined && v.grid !== '') {
      gridCode = v.grid;
      if (!context.gridCodes.has(gridCode)) fail('grid', `网格「${gridCode}」不存在`, `grid "${gridCode}" does not exist`);
    }
    if (errors.length === before && lng !== null && lat !== null && isValidLngLat({ lng, lat }))
      cameras.push({ line, code, name: v.name ?? '', location: toWgs84({ lng, lat }, context.coordSystem), owner: v.owner, enabled, gridCode });
  }
  errors.push(...duplicateIssues(table.records.map((r) => ({ line: r.line, key: r.values.code ?? '' })).filter((r) => r.key), table.names.code));
  return { cameras, errors: errors.sort((a, b) => a.row - b.row) };
}
