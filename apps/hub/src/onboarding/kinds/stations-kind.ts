/** Police stations (派出所) from CSV or XLSX, upserted by code. */
import { diffItems, readStationRows, type Fields } from '@xiaonao/domain';
import { readTableFile } from '../table-file';
import { refusedWith, updateColumns, wrongFormat, type KindImporter } from './kind-context';

export const importStations: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'xlsx']);
  if (refused) return refused;
  const rows = await readTableFile(input.content, input.format === 'xlsx' ? 'xlsx' : 'csv');
  if (!Array.isArray(rows)) return refusedWith([rows]);
  const file = readStationRows(rows);
  if (file.errors.length) return refusedWith(file.errors);
  const stored = await tx.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM police_station WHERE township_id = $1', [township.id]);
  const incoming = new Map<string, Fields>(file.stations.map((s) => [s.code, { name: s.name }]));
  const changes = diffItems('station', incoming, new Map(stored.map((s) => [s.code, { name: s.name }])));
  const added = new Set(changes.added);
  for (const s of file.stations) if (added.has(s.code)) await tx.query('INSERT INTO police_station (township_id, code, name) VALUES ($1, $2, $3)', [township.id, s.code, s.name]);
  const ids = new Map(stored.map((s) => [s.code, s.id]));
  for (const u of changes.updated) await updateColumns(tx, 'police_station', ids.get(u.key) as string, [['name', incoming.get(u.key)?.name]]);
  return { errors: [], warnings: [], changes: [changes] };
};
