/** Accounts (账号) from CSV or XLSX, upserted by username; a password is set only on a new account. */
import type { Role } from '@xiaonao/contracts';
import { diffItems, readUserRows, type Fields, type TableRow } from '@xiaonao/domain';
import { readTableFile } from '../table-file';
import { refusedWith, updateColumns, wrongFormat, type KindImporter } from './kind-context';

interface StoredUser {
  id: string;
  username: string;
  township_id: string;
  display_name: string;
  role: Role;
  worker: string | null;
  station: string | null;
}

const COLUMN: Record<string, string> = { display_name: 'display_name', role: 'role', worker: 'worker_id', station: 'station_id' };

/** Rows of a users file, read before the transaction so new accounts' passwords can be hashed outside it. */
export async function userRowsOf(content: Buffer, format: string): Promise<TableRow[] | null> {
  const rows = await readTableFile(content, format === 'xlsx' ? 'xlsx' : 'csv');
  return Array.isArray(rows) ? rows : null;
}

export const importUsers: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'xlsx']);
  if (refused) return refused;
  const rows = await readTableFile(input.content, input.format === 'xlsx' ? 'xlsx' : 'csv');
  if (!Array.isArray(rows)) return refusedWith([rows]);
  const workers = await tx.query<{ id: string; code: string }>('SELECT id, code FROM worker WHERE township_id = $1', [township.id]);
  const stations = await tx.query<{ id: string; code: string }>('SELECT id, code FROM police_station WHERE township_id = $1', [township.id]);
  const accounts = await tx.query<StoredUser>(
    `SELECT u.id, u.username, u.township_id, u.display_name, u.role, w.code AS worker, s.code AS station
       FROM app_user u LEFT JOIN worker w ON w.id = u.worker_id LEFT JOIN police_station s ON s.id = u.station_id`,
  );
  const mine = accounts.filter((a) => a.township_id === township.id);
  const file = readUserRows(rows, {
    workerCodes: new Set(workers.map((w) => w.code)),
    stationCodes: new Set(stations.map((s) => s.code)),
    existing: new Set(mine.map((a) => a.username)),
    takenElsewhere: new Set(accounts.filter((a) => a.township_id !== township.id).map((a) => a.username)),
  });
  if (file.errors.length) return refusedWith(file.errors);
  const incoming = new Map<string, Fields>(file.users.map((u) => [u.username, { display_name: u.displayName, role: u.role, worker: u.workerCode, station: u.stationCode }]));
  const changes = diffItems('user', incoming, new Map(mine.map((a) => [a.username, { display_name: a.display_name, role: a.role, worker: a.worker, station: a.station }])));
  const workerIds = new Map(workers.map((w) => [w.code, w.id]));
  const stationIds = new Map(stations.map((s) => [s.code, s.id]));
  const value = (field: string, v: unknown): unknown => (field === 'worker' ? (v ? workerIds.get(v as string) : null) : field === 'station' ? (v ? stationIds.get(v as string) : null) : v);
  const added = new Set(changes.added);
  for (const u of file.users) {
    if (!added.has(u.username)) continue;
    const hash = input.passwordHashes?.get(u.username);
    // The service hashes every new account's password before the transaction; one missing means a race with another import.
    if (!hash) throw new Error(`no password hash for new account ${u.username}`);
    await tx.query('INSERT INTO app_user (township_id, username, password_hash, display_name, role, worker_id, station_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      township.id,
      u.username,
      hash,
      u.displayName,
      u.role,
      value('worker', u.workerCode),
      value('station', u.stationCode),
    ]);
  }
  const ids = new Map(mine.map((a) => [a.username, a.id]));
  for (const u of changes.updated) {
    const f = incoming.get(u.key) as Fields;
    await updateColumns(tx, 'app_user', ids.get(u.key) as string, u.fields.map((field) => [COLUMN[field], value(field, f[field])] as const));
  }
  return { errors: [], warnings: [], changes: [changes] };
};
