/** An import report as a person reads it in a terminal: Simplified Chinese, each problem also in English. */
import { CHANGE_SUBJECT_LABELS, type ChangeList, type ImportReport } from '@xiaonao/domain';

/** How many keys a list shows before 「等」. */
const SHOWN = 20;

function keys(list: readonly string[]): string {
  return list.length > SHOWN ? `${list.slice(0, SHOWN).join('、')} 等 ${list.length} 项` : list.join('、');
}

function changeLines(c: ChangeList): string[] {
  const label = CHANGE_SUBJECT_LABELS[c.subject];
  const lines = [`${label.zh}（${label.en}）：新增 ${c.added.length}，更新 ${c.updated.length}，未变 ${c.unchanged}，文件中没有 ${c.missing.length}${c.removed.length ? `，删除 ${c.removed.length}` : ''}`];
  if (c.added.length) lines.push(`  新增 added: ${keys(c.added)}`);
  for (const u of c.updated.slice(0, SHOWN)) lines.push(`  更新 updated: ${u.key}（${u.fields.join('、')}）`);
  if (c.updated.length > SHOWN) lines.push(`  … 另有 ${c.updated.length - SHOWN} 项更新`);
  if (c.missing.length) lines.push(`  文件中没有（已保留） missing, kept: ${keys(c.missing)}`);
  if (c.removed.length) lines.push(`  删除 removed: ${keys(c.removed)}`);
  return lines;
}

export function reportText(report: ImportReport): string {
  const head = report.refused
    ? `导入被拒绝，未写入任何数据：${report.errors.length} 处错误（refused, nothing written: ${report.errors.length} errors）`
    : report.dryRun
      ? '试运行：以下为将要发生的变更，未写入（dry run: nothing written）'
      : '导入完成（imported）';
  const lines = [`${report.township} · ${report.kind}${report.coordSystem ? ` · 坐标系 ${report.coordSystem} → WGS84` : ''}`, head];
  for (const e of report.errors) lines.push(`  ✗ ${e.message}`, `    ${e.messageEn}`);
  for (const w of report.warnings) lines.push(`  ! ${w.message}`, `    ${w.messageEn}`);
  for (const c of report.changes) lines.push(...changeLines(c));
  return lines.join('\n');
}
