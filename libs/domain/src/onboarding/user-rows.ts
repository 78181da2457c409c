/**
 * Accounts (账号) from a table, keyed by username. Columns: username 用户名 · display_name 显示名 ·
 * role 角色 (a township role's code or its Chinese label: region accounts are not a township's to make) — required; worker 网格员编号 (a worker account's worker) ·
 * station 派出所编号 (a station account's station) · password 初始密码 — optional. The password is
 * only for a new account: an existing account keeps its own, so a re-import never resets anyone's.
 */
import { ROLE_LABELS, TOWNSHIP_ROLES, type TownshipRole } from '@xiaonao/contracts';
import { issueAt, LINE_LABEL, shown, type ImportIssue } from './import-report';
import { duplicateIssues, readTable, wordOf, type ColumnSpec, type TableRow } from './table-rows';

export interface UserRecord {
  line: number;
  username: string;
  displayName: string;
  role: TownshipRole;
  workerCode: string | null;
  stationCode: string | null;
  /** Only read for an account not stored yet. */
  password: string | null;
}

export interface UserRowsContext {
  workerCodes: ReadonlySet<string>;
  stationCodes: ReadonlySet<string>;
  /** Usernames of this township's accounts: a new one needs a password. */
  existing: ReadonlySet<string>;
  /** Usernames taken by accounts of other townships (usernames are unique across the hub). */
  takenElsewhere: ReadonlySet<string>;
}

type UserField = 'username' | 'display_name' | 'role' | 'worker' | 'station' | 'password';

const COLUMNS: readonly ColumnSpec<UserField>[] = [
  { field: 'username', headers: ['username', 'user', '用户名', '账号'], required: true },
  { field: 'display_name', headers: ['display_name', 'displayname', 'name', '显示名', '姓名'], required: true },
  { field: 'role', headers: ['role', '角色'], required: true },
  { field: 'worker', headers: ['worker', 'worker_code', '网格员编号', '人员编号'] },
  { field: 'station', headers: ['station', 'station_code', '派出所编号'] },
  { field: 'password', headers: ['password', '初始密码', '密码'] },
];

export const MIN_PASSWORD_LENGTH = 8;
const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

export function readUserRows(rows: readonly TableRow[], context: UserRowsContext): { users: UserRecord[]; errors: ImportIssue[] } {
  const table = readTable(rows, COLUMNS);
  if (table.errors.length) return { users: [], errors: table.errors };
  const errors: ImportIssue[] = [];
  const users: UserRecord[] = [];
  for (const { line, values: v } of table.records) {
    const username = v.username ?? '';
    const before = errors.length;
    const fail = (field: UserField, zh: string, en: string) => errors.push(issueAt(LINE_LABEL, line, table.names[field], zh, en, username || undefined));
    if (!USERNAME.test(username)) fail('username', `用户名应为 3–64 位字母、数字或 . _ -，收到「${shown(username)}」`, `username must be 3–64 letters, digits or . _ -, got "${shown(username)}"`);
    else if (context.takenElsewhere.has(username)) fail('username', '用户名已被其他乡镇的账号使用', 'the username belongs to another township');
    if (!v.display_name) fail('display_name', '显示名不能为空', 'display name is empty');
    const role = wordOf(v.role ?? '', TOWNSHIP_ROLES, ROLE_LABELS);
    if (!role) fail('role', `角色应为 ${TOWNSHIP_ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、')} 之一，收到「${shown(v.role)}」`, `role must be one of ${TOWNSHIP_ROLES.join(', ')}, got "${shown(v.role)}"`);
    const workerCode = v.worker || null;
    const stationCode = v.station || null;
    if (role === 'worker' && !workerCode) fail('worker', '网格员账号须填写网格员编号', 'a worker account needs its worker code');
    if (workerCode && !context.workerCodes.has(workerCode)) fail('worker', `网格员「${workerCode}」不存在（先导入网格员）`, `worker "${workerCode}" does not exist (import the workers first)`);
    if (role === 'station' && !stationCode) fail('station', '派出所账号须填写派出所编号', 'a station account needs its station code');
    if (stationCode && !context.stationCodes.has(stationCode)) fail('station', `派出所「${stationCode}」不存在（先导入派出所）`, `station "${stationCode}" does not exist (import the stations first)`);
    const password = v.password || null;
    if (!context.existing.has(username) && (!password || password.length < MIN_PASSWORD_LENGTH))
      fail('password', `新账号须填写至少 ${MIN_PASSWORD_LENGTH} 位的初始密码`, `a new account needs an initial password of at least ${MIN_PASSWORD_LENGTH} characters`);
    if (errors.length === before && role) users.push({ line, username, displayName: v.display_name ?? '', role, workerCode, stationCode, password });
  }
  errors.push(...duplicateIssues(table.records.map((r) => ({ line: r.line, key: r.values.username ?? '' })).filter((r) => r.key), table.names.username));
  return { users, errors: errors.sort((a, b) => a.row - b.row) };
}

/** The initial passwords of accounts not stored yet, by username: hashed before the import's transaction. */
export function newAccountPasswords(rows: readonly TableRow[], existing: ReadonlySet<string>): Map<string, string> {
  const table = readTable(rows, COLUMNS);
  const out = new Map<string, string>();
  for (const { values } of table.records) {
    const username = values.username ?? '';
    const password = values.password ?? '';
    if (username && !existing.has(username) && password.length >= MIN_PASSWORD_LENGTH) out.set(username, password);
  }
  return out;
}
