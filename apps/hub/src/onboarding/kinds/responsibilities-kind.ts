/** The responsibility table (权责清单) from CSV, XLSX or a JSON list, upserted by category. */
import type { ResponsibilityView } from '@xiaonao/contracts';
import { diffItems, fileIssue, ITEM_LABEL, jsonItemsAsRows, LINE_LABEL, readResponsibilityRows, type Fields, type TableRow } from '@xiaonao/domain';
import { readTableFile } from '../table-file';
import { refusedWith, wrongFormat, type KindImporter, type KindOutcome } from './kind-context';

function fieldsOf(r: Omit<ResponsibilityView, 'category'>): Fields {
  return {
    teams: [...r.teams].sort(),
    priority: r.priority,
    dispatch_mode: r.dispatchMode,
    offer_mode: r.offerMode,
    race_size: r.raceSize,
    queue_when_busy: r.queueWhenBusy,
    offer_window_seconds: r.offerWindowSeconds,
    police_only: r.policeOnly,
    return_to_police: r.returnToPolice,
  };
}

async function rowsOf(content: Buffer, format: string): Promise<TableRow[] | KindOutcome> {
  if (format !== 'json') {
    const rows = await readTableFile(content, format === 'xlsx' ? 'xlsx' : 'csv');
    return Array.isArray(rows) ? rows : refusedWith([rows]);
  }
  try {
    const items: unknown = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
    if (Array.isArray(items) && items.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i))) return jsonItemsAsRows(items as Record<string, unknown>[]);
  } catch {
    // Reported below, as for a list of the wrong shape.
  }
  return refusedWith([fileIssue('应为 JSON 对象列表，每项一个类别', 'must be a JSON list of objects, one per category')]);
}

export const importResponsibilities: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'xlsx', 'json']);
  if (refused) return refused;
  const rows = await rowsOf(input.content, input.format);
  if (!Array.isArray(rows)) return rows;
  const file = readResponsibilityRows(rows, input.format === 'json' ? ITEM_LABEL : LINE_LABEL);
  if (file.errors.length) return refusedWith(file.errors);
  const stored = await tx.query<{
    category: string;
    teams: string[];
    priority: number;
    dispatch_mode: string;
    offer_mode: string;
    race_size: number;
    queue_when_busy: boolean;
    offer_window_seconds: number | null;
    police_only: boolean;
    return_to_police: string;
  }>('SELECT * FROM responsibility WHERE township_id = $1', [township.id]);
  const changes = diffItems(
    'responsibility',
    new Map(file.responsibilities.map((r) => [r.category, fieldsOf(r)])),
    new Map(
      stored.map((r) => [
        r.category,
        {
          teams: [...r.teams].sort(),
          priority: r.priority,
          dispatch_mode: r.dispatch_mode,
          offer_mode: r.offer_mode,
          race_size: r.race_size,
          queue_when_busy: r.queue_when_busy,
          offer_window_seconds: r.offer_window_seconds,
          police_only: r.police_only,
          return_to_police: r.return_to_police,
        },
      ]),
    ),
  );
  const touched = new Set([...changes.added, ...changes.updated.map((u) => u.key)]);
  for (const r of file.responsibilities.filter((x) => touched.has(x.category))) {
    await tx.query(
      `INSERT INTO responsibility (township_id, category, teams, priority, dispatch_mode, offer_mode, race_size, police_only, queue_when_busy, offer_window_seconds, return_to_police, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       ON CONFLICT (township_id, category) DO UPDATE SET teams = $3, priority = $4, dispatch_mode = $5, offer_mode = $6, race_size = $7, police_only = $8,
         queue_when_busy = $9, offer_window_seconds = $10, return_to_police = $11, updated_at = now()`,
      [township.id, r.category, r.teams, r.priority, r.dispatchMode, r.offerMode, r.raceSize, r.policeOnly, r.queueWhenBusy, r.offerWindowSeconds, r.returnToPolice],
    );
  }
  return { errors: [], warnings: [], changes: [changes] };
};
