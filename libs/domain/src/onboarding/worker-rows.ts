/**
 * Workers (网格员) and their teams from a table: one worker per row, keyed by code. Columns:
 *   code 编号/工号 · name 姓名 · phone 电话/手机 · team 队伍 (a Team code or its Chinese label) — required;
 *   grid 网格 (a grid code of the township) · on_duty 在岗 (是/否) · travel_modes 出行方式 (步行、电瓶车、汽车)
 *   · lng 经度 + lat 纬度 (a starting position, in the declared system) · dingtalk 钉钉 — optional.
 * A column the file leaves out keeps what is stored; a new worker gets the defaults (on duty, on foot and e-bike).
 */
import { TEAM_LABELS, TEAMS, TRAVEL_MODE_LABELS, TRAVEL_MODES, type CoordSystem, type LngLat, type Team, type TravelMode } from '@xiaonao/contracts';
import { isValidLngLat, toWgs84 } from '../geo/coordinates';
import { issueAt, LINE_LABEL, shown, type ImportIssue } from './import-report';
import { duplicateIssues, listOf, numberOf, readTable, wordOf, yesNo, type ColumnSpec, type TableRow } from './table-rows';

export interface WorkerRecord {
  line: number;
  code: string;
  name: string;
  phone: string;
  team: Team;
  /** undefined: the file has no such column (keep what is stored). */
  gridCode?: string | null;
  onDuty?: boolean;
  travelModes?: TravelMode[];
  /** WGS-84; only given to a worker with no position yet (a live phone's fix is never overwritten). */
  location?: LngLat | null;
  dingtalkUserId?: string | null;
}

export interface WorkerRowsContext {
  /** The township's grid codes (stored, or just imported). */
  gridCodes: ReadonlySet<string>;
  coordSystem: CoordSystem;
}

type WorkerField = 'code' | 'name' | 'phone' | 'team' | 'grid' | 'on_duty' | 'travel_modes' | 'lng' | 'lat' | 'dingtalk';

const COLUMNS: readonly ColumnSpec<WorkerField>[] = [
  { field: 'code', headers: ['code', '编号', '工号', '人员编号'], required: true },
  { field: 'name', headers: ['name', '姓名', '名字'], required: true },
  { field: 'phone', headers: ['phone', 'mobile', '电话', '手机', '手机号', '联系电话'], required: true },
  { field: 'team', headers: ['team', '队伍', '队伍类型', '类别'], required: true },
  { field: 'grid', headers: ['grid', 'grid_code', '网格', '网格编号', '所属网格'] },
  { field: 'on_duty', headers: ['on_duty', 'onduty', '在岗'] },
  { field: 'travel_modes', headers: ['travel_modes', 'travel', '出行方式', '交通方式'] },
  { field: 'lng', headers: ['lng', 'lon', 'longitude', '经度'] },
  { field: 'lat', headers: ['lat', 'latitude', '纬度'] },
  { field: 'dingtalk', headers: ['dingtalk', 'dingtalk_user_id', '钉钉', '钉钉id'] },
];

const TEAM_WORDS: Record<string, Team> = { 网格员: 'grid_worker', 专职网格员: 'grid_worker', 执法: 'enforcement', 巡逻: 'police_patrol', 志愿者: 'volunteer', 群防群治: 'volunteer' };
const TRAVEL_WORDS: Record<string, TravelMode> = { 步行: 'foot', 电动车: 'ebike', 电瓶车: 'ebike', 汽车: 'car', 开车: 'car', walk: 'foot', bike: 'ebike' };
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const MAX_TEXT = 100;

/** A phone as stored: a mobile's digits without spaces or dashes, a landline as written; null when neither. */
export function phoneOf(text: string): string | null {
  const digits = text.replace(/^(\+86|0086)/, '').replace(/[\s-]/g, '');
  if (MOBILE.test(digits)) return digits;
  const landline = text.trim().replace(/\s/g, '');
  return LANDLINE.test(landline) ? landline : null;
}

export function readWorkerRows(rows: readonly TableRow[], context: WorkerRowsContext): { workers: WorkerRecord[]; errors: ImportIssue[] } {
  const table = readTable(rows, COLUMNS);
  if (table.errors.length) return { workers: [], errors: table.errors };
  const errors: ImportIssue[] = [];
  const workers: WorkerRecord[] = [];
  for (const { line, values: v } of table.records) {
    const code = v.code ?? '';
    const before = errors.length;
    const fail = (field: WorkerField, zh: string, en: string) => errors.push(issueAt(LINE_LABEL, line, table.names[field], zh, en, code || undefined));
    if (!code) fail('code', '编号不能为空', 'code is empty');
    else if (code.length > MAX_TEXT) fail('code', `编号不能超过 ${MAX_TEXT} 个字`, `code is longer than ${MAX_TEXT} characters`);
    const name = v.name ?? '';
    if (!name) fail('name', '姓名不能为空', 'name is empty');
    else if (name.length > MAX_TEXT) fail('name', `姓名不能超过 ${MAX_TEXT} 个字`, `name is longer than ${MAX_TEXT} characters`);
    const phone = phoneOf(v.phone ?? '');
    if (!phone) fail('phone', `电话应为 11 位手机号或带区号的固定电话，收到「${shown(v.phone)}」`, `phone must be an 11-digit mobile or a landline with area code, got "${shown(v.phone)}"`);
    const team = wordOf(v.team ?? '', TEAMS, TEAM_LABELS, TEAM_WORDS);
    if (!team) fail('team', `队伍应为 ${TEAMS.map((t) => `${t}（${TEAM_LABELS[t].zh}）`).join('、')} 之一，收到「${shown(v.team)}」`, `team must be one of ${TEAMS.join(', ')}, got "${shown(v.team)}"`);
    let gridCode: string | null | undefined;
    if (v.grid !== undefined) {
      gridCode = v.grid || null;
      if (gridCode && !context.gridCodes.has(gridCode)) fail('grid', `网格「${gridCode}」不存在（先导入网格）`, `grid "${gridCode}" does not exist (import the grids first)`);
    }
    let onDuty: boolean | undefined;
    if (v.on_duty !== undefined) {
      const said = v.on_duty === '' ? true : yesNo(v.on_duty);
      if (said === null) fail('on_duty', `在岗应填「是」或「否」，收到「${shown(v.on_duty)}」`, `on_duty must be yes or no, got "${shown(v.on_duty)}"`);
      else onDuty = said;
    }
    let travelModes: TravelMode[] | undefined;
    if (v.travel_modes !== undefined && v.travel_modes !== '') {
      const words = listOf(v.travel_modes);
      const modes = words.map((w) => wordOf(w, TRAVEL_MODES, TRAVEL_MODE_LABELS, TRAVEL_WORDS));
      const bad = words.filter((_, i) => !modes[i]);
      if (bad.length) fail('travel_modes', `出行方式「${bad.join('、')}」无法识别（步行、电瓶车、汽车）`, `unknown travel modes "${bad.join(', ')}" (foot, ebike, car)`);
      else travelModes = [...new Set(modes as TravelMode[])].sort();
    }
    let location: LngLat | null | undefined;
    if (v.lng !== undefined || v.lat !== undefined) {
      const lng = numberOf(v.lng ?? '');
      const lat = numberOf(v.lat ?? '');
      if ((v.lng ?? '') === '' && (v.lat ?? '') === '') location = null;
      else if (lng === null || lat === null || !isValidLngLat({ lng, lat })) fail(lng === null ? 'lng' : 'lat', '经纬度应为数字且成对填写', 'lng and lat must both be numbers');
      else location = toWgs84({ lng, lat }, context.coordSystem);
    }
    const dingtalkUserId = v.dingtalk === undefined ? undefined : v.dingtalk || null;
    if (errors.length === before && team && phone)
      workers.push({ line, code, name, phone, team, gridCode, onDuty, travelModes, location, dingtalkUserId });
  }
  errors.push(...duplicateIssues(table.records.map((r) => ({ line: r.line, key: r.values.code ?? '' })).filter((r) => r.key), table.names.code));
  errors.sort((a, b) => a.row - b.row);
  return { workers, errors };
}
