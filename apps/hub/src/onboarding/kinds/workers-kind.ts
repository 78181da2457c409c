/** Workers (网格员) and their teams from CSV or XLSX, upserted by code. */
import type { Team, TravelMode } from '@xiaonao/contracts';
import { diffItems, fileIssue, readWorkerRows, type Fields, type ImportIssue } from '@xiaonao/domain';
import { readTableFile } from '../table-file';
import { refusedWith, round7, updateColumns, wrongFormat, type KindImporter } from './kind-context';

interface StoredWorker {
  id: string;
  code: string;
  name: string;
  phone: string;
  team: Team;
  grid: string | null;
  on_duty: boolean;
  travel_modes: TravelMode[];
  dingtalk_user_id: string | null;
  has_position: boolean;
}

export const importWorkers: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'xlsx']);
  if (refused) return refused;
  const rows = await readTableFile(input.content, input.format === 'xlsx' ? 'xlsx' : 'csv');
  if (!Array.isArray(rows)) return refusedWith([rows]);
  const grids = await tx.query<{ id: string; code: string }>('SELECT id, code FROM grid WHERE township_id = $1', [township.id]);
  const coordSystem = input.coordSystem ?? 'WGS84';
  const file = readWorkerRows(rows, { gridCodes: new Set(grids.map((g) => g.code)), coordSystem });
  if (file.errors.length) return refusedWith(file.errors, coordSystem);

  const stored = await tx.query<StoredWorker>(
    `SELECT w.id, w.code, w.name, w.phone, w.team, g.code AS grid, w.on_duty, w.travel_modes, w.dingtalk_user_id, (w.lng IS NOT NULL) AS has_position
       FROM worker w LEFT JOIN grid g ON g.id = w.grid_id WHERE w.township_id = $1`,
    [township.id],
  );
  const byCode = new Map(stored.map((w) => [w.code, w]));
  const warnings: ImportIssue[] = [];
  const incoming = new Map<string, Fields>(
    file.workers.map((w) => {
      const current = byCode.get(w.code);
      // A starting position only for a worker the hub has no position for: a phone's live fix wins.
      const start = w.location && !current?.has_position ? [round7(w.location.lng), round7(w.location.lat)] : undefined;
      return [w.code, { name: w.name, phone: w.phone, team: w.team, grid: w.gridCode, on_duty: w.onDuty, travel_modes: w.travelModes, dingtalk: w.dingtalkUserId, start_position: start }];
    }),
  );
  const changes = diffItems(
    'worker',
    incoming,
    new Map(stored.map((w) => [w.code, { name: w.name, phone: w.phone, team: w.team, grid: w.grid, on_duty: w.on_duty, travel_modes: [...w.travel_modes].sort(), dingtalk: w.dingtalk_user_id, start_position: null }])),
  );
  if (changes.missing.length)
    warnings.push(fileIssue(`${changes.missing.length} 名网格员不在文件中，已保留（如需停派，请在文件中把「在岗」设为否）`, `${changes.missing.length} workers are not in the file and were kept (set on_duty to no to stop offers)`, 'code'));

  const gridIds = new Map(grids.map((g) => [g.code, g.id]));
  const added = new Set(changes.added);
  for (const w of file.workers) {
    const fields = incoming.get(w.code) as Fields;
    if (added.has(w.code)) {
      const start = fields.start_position as [number, number] | undefined;
      await tx.query(
        `INSERT INTO worker (township_id, code, name, phone, team, grid_id, on_duty, travel_modes, dingtalk_user_id, lng, lat, position_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10::float8 IS NULL THEN NULL ELSE now() END)`,
        [township.id, w.code, w.name, w.phone, w.team, w.gridCode ? gridIds.get(w.gridCode) : null, w.onDuty ?? true, w.travelModes ?? ['foot', 'ebike'], w.dingtalkUserId ?? null, start?.[0] ?? null, start?.[1] ?? null],
      );
    }
  }
  for (const u of changes.updated) {
    const fields = incoming.get(u.key) as Fields;
    const sets: (readonly [string, unknown])[] = [];
    const stamps = ['updated_at'];
    for (const field of u.fields) {
      if (field === 'grid') sets.push(['grid_id', fields.grid ? gridIds.get(fields.grid as string) : null]);
      else if (field === 'on_duty') sets.push(['on_duty', fields.on_duty]);
      else if (field === 'travel_modes') sets.push(['travel_modes', fields.travel_modes]);
      else if (field === 'dingtalk') sets.push(['dingtalk_user_id', fields.dingtalk]);
      else if (field === 'start_position') {
        const [lng, lat] = fields.start_position as [number, number];
        sets.push(['lng', lng], ['lat', lat]);
        stamps.push('position_at');
      } else sets.push([field, fields[field]]);
    }
    await updateColumns(tx, 'worker', (byCode.get(u.key) as StoredWorker).id, sets, stamps);
  }
  return { errors: [], warnings, changes: [changes], coordSystem };
};
