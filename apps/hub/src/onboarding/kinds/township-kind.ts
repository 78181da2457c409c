/** The township itself (code, name, centre) from JSON: `{ "code", "name", "center": { "lng", "lat" } }`. */
import { isValidLngLat, toWgs84 } from '@xiaonao/domain';
import { diffItems, fileIssue, type ImportIssue } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';
import type { KindInput, KindOutcome, TownshipRow } from './kind-context';
import { refusedWith, round7, updateColumns, wrongFormat } from './kind-context';

export interface TownshipFile {
  code: string;
  name: string;
  center: { lng: number; lat: number };
}

const CODE = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export function readTownshipFile(content: string): { township: TownshipFile | null; errors: ImportIssue[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    return { township: null, errors: [fileIssue('不是有效的 JSON', 'not valid JSON')] };
  }
  const t = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<Record<keyof TownshipFile, unknown>>;
  const errors: ImportIssue[] = [];
  if (typeof t.code !== 'string' || !CODE.test(t.code)) errors.push(fileIssue('编号应为 2–64 位小写字母、数字、- 或 _', 'code must be 2–64 lower-case letters, digits, - or _', 'code'));
  if (typeof t.name !== 'string' || !t.name.trim() || t.name.length > 100) errors.push(fileIssue('名称不能为空，且不超过 100 个字', 'name must be 1–100 characters', 'name'));
  const c = t.center as { lng?: unknown; lat?: unknown } | undefined;
  if (!c || typeof c.lng !== 'number' || typeof c.lat !== 'number' || !isValidLngLat({ lng: c.lng, lat: c.lat })) errors.push(fileIssue('中心点应为 { lng, lat } 数字', 'center must be { lng, lat } numbers', 'center'));
  if (errors.length) return { township: null, errors };
  return { township: { code: t.code as string, name: (t.name as string).trim(), center: { lng: c?.lng as number, lat: c?.lat as number } }, errors };
}

/** Creates the township or updates its name and centre; `existing` is the locked row, if there is one. */
export async function importTownship(tx: Sql, existing: TownshipRow | null, input: KindInput): Promise<KindOutcome & { townshipId: string | null }> {
  const refused = wrongFormat(input, ['json']);
  if (refused) return { ...refused, townshipId: null };
  const file = readTownshipFile(input.content.toString('utf8'));
  if (!file.township) return { ...refusedWith(file.errors), townshipId: null };
  if (file.township.code !== input.townshipCode) return { ...refusedWith([fileIssue(`文件中的编号「${file.township.code}」与导入的乡镇「${input.townshipCode}」不同`, `the file's code "${file.township.code}" is not the township "${input.townshipCode}"`, 'code')]), townshipId: null };
  const coordSystem = input.coordSystem ?? 'WGS84';
  const center = toWgs84(file.township.center, coordSystem);
  const incoming = { name: file.township.name, center: [round7(center.lng), round7(center.lat)] };
  const changes = diffItems('township', new Map([[file.township.code, incoming]]), new Map(existing ? [[existing.code, { name: existing.name, center: [existing.center_lng, existing.center_lat] }]] : []));
  if (!existing) {
    const [row] = await tx.query<{ id: string }>('INSERT INTO township (code, name, center_lng, center_lat, region_id) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      file.township.code,
      incoming.name,
      incoming.center[0],
      incoming.center[1],
      input.regionId ?? null,
    ]);
    return { errors: [], warnings: [], changes: [changes], coordSystem, townshipId: row.id };
  }
  const update = changes.updated[0];
  if (update)
    await updateColumns(
      tx,
      'township',
      existing.id,
      update.fields.flatMap((f): (readonly [string, unknown])[] => (f === 'name' ? [['name', incoming.name]] : [['center_lng', incoming.center[0]], ['center_lat', incoming.center[1]]])),
    );
  return { errors: [], warnings: [], changes: [changes], coordSystem, townshipId: existing.id };
}
