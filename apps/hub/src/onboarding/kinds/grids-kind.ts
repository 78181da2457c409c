/** The grid layer (网格 and 微网格) from GeoJSON: checked as a whole, upserted by code. */
import type { GridKind, PolygonCoordinates } from '@xiaonao/contracts';
import { diffItems, FEATURE_LABEL, issueAt, readGridFile, type Fields, type ImportIssue } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';
import { refusedWith, updateColumns, wrongFormat, type KindImporter } from './kind-context';

interface StoredGridRow {
  id: string;
  code: string;
  name: string;
  kind: GridKind;
  polygon: PolygonCoordinates;
  leader: string | null;
}

interface StoredMicroRow {
  id: string;
  code: string;
  name: string;
  parent: string;
  polygon: PolygonCoordinates;
  leader: string | null;
}

const COLUMN: Record<string, string> = { name: 'name', kind: 'kind', polygon: 'polygon', leader: 'leader_worker_id', parent: 'grid_id' };

async function workerIds(tx: Sql, townshipId: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; code: string }>('SELECT id, code FROM worker WHERE township_id = $1', [townshipId]);
  return new Map(rows.map((r) => [r.code, r.id]));
}

export const importGrids: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['geojson', 'json']);
  if (refused) return refused;
  const grids = await tx.query<StoredGridRow>(
    'SELECT g.id, g.code, g.name, g.kind, g.polygon, w.code AS leader FROM grid g LEFT JOIN worker w ON w.id = g.leader_worker_id WHERE g.township_id = $1',
    [township.id],
  );
  const micros = await tx.query<StoredMicroRow>(
    `SELECT m.id, m.code, m.name, g.code AS parent, m.polygon, w.code AS leader
       FROM micro_grid m JOIN grid g ON g.id = m.grid_id LEFT JOIN worker w ON w.id = m.leader_worker_id WHERE m.township_id = $1`,
    [township.id],
  );
  const file = readGridFile(input.content.toString('utf8'), { coordSystem: input.coordSystem, toleranceM2: input.toleranceM2, stored: grids });
  const microCodes = new Set(micros.map((m) => m.code));
  const gridCodes = new Set(grids.map((g) => g.code));
  // A code is a grid or a micro-grid, never both: cases and workers name grids by code.
  for (const g of file.grids) if (microCodes.has(g.code)) file.errors.push(issueAt(FEATURE_LABEL, g.row, 'properties.code', '该编号已是一个微网格', 'this code is already a micro-grid', g.code));
  for (const m of file.microGrids) if (gridCodes.has(m.code)) file.errors.push(issueAt(FEATURE_LABEL, m.row, 'properties.code', '该编号已是一个网格', 'this code is already a grid', m.code));
  if (file.errors.length) return refusedWith(file.errors, file.coordSystem);

  const workers = await workerIds(tx, township.id);
  const warnings: ImportIssue[] = [];
  const leaderOf = (row: number, code: string, leader: string | null): string | null | undefined => {
    if (leader === null) return null;
    if (workers.has(leader)) return leader;
    warnings.push(issueAt(FEATURE_LABEL, row, 'properties.leader', `网格长「${leader}」尚未导入，暂不设置（导入网格员后再导入一次网格）`, `leader "${leader}" is not imported yet and was left unset (import the workers, then the grids again)`, code));
    return undefined;
  };
  const gridFields = new Map<string, Fields>(file.grids.map((g) => [g.code, { name: g.name, kind: g.kind, polygon: g.polygon, leader: leaderOf(g.row, g.code, g.leaderCode) }]));
  const microFields = new Map<string, Fields>(file.microGrids.map((m) => [m.code, { name: m.name, parent: m.parentCode, polygon: m.polygon, leader: leaderOf(m.row, m.code, m.leaderCode) }]));
  const gridChanges = diffItems('grid', gridFields, new Map(grids.map((g) => [g.code, { name: g.name, kind: g.kind, polygon: g.polygon, leader: g.leader }])));
  const microChanges = diffItems('micro_grid', microFields, new Map(micros.map((m) => [m.code, { name: m.name, parent: m.parent, polygon: m.polygon, leader: m.leader }])));

  const gridIds = new Map(grids.map((g) => [g.code, g.id]));
  const value = (field: string, fields: Fields): unknown => {
    const v = fields[field];
    if (field === 'polygon') return JSON.stringify(v);
    if (field === 'leader') return v ? workers.get(v as string) : null;
    if (field === 'parent') return gridIds.get(v as string);
    return v;
  };
  const addedGrids = new Set(gridChanges.added);
  for (const g of file.grids) {
    if (!addedGrids.has(g.code)) continue;
    const [row] = await tx.query<{ id: string }>('INSERT INTO grid (township_id, code, name, kind, polygon) VALUES ($1, $2, $3, $4, $5) RETURNING id', [township.id, g.code, g.name, g.kind, JSON.stringify(g.polygon)]);
    gridIds.set(g.code, row.id);
    const leader = gridFields.get(g.code)?.leader;
    if (leader) await tx.query('UPDATE grid SET leader_worker_id = $2 WHERE id = $1', [row.id, workers.get(leader as string)]);
  }
  for (const u of gridChanges.updated) {
    const fields = gridFields.get(u.key) as Fields;
    await updateColumns(tx, 'grid', gridIds.get(u.key) as string, u.fields.map((f) => [COLUMN[f], value(f, fields)] as const));
  }
  const microIds = new Map(micros.map((m) => [m.code, m.id]));
  const addedMicros = new Set(microChanges.added);
  for (const m of file.microGrids) {
    if (!addedMicros.has(m.code)) continue;
    const leader = microFields.get(m.code)?.leader;
    await tx.query('INSERT INTO micro_grid (township_id, grid_id, code, name, polygon, leader_worker_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      township.id,
      gridIds.get(m.parentCode),
      m.code,
      m.name,
      JSON.stringify(m.polygon),
      leader ? workers.get(leader as string) : null,
    ]);
  }
  for (const u of microChanges.updated) {
    const fields = microFields.get(u.key) as Fields;
    await updateColumns(tx, 'micro_grid', microIds.get(u.key) as string, u.fields.map((f) => [COLUMN[f], value(f, fields)] as const), ['updated_at']);
  }
  return { errors: [], warnings, changes: [gridChanges, microChanges], coordSystem: file.coordSystem };
};
