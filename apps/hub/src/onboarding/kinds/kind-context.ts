/** What every kind's importer gets and gives: the locked township, the request, and its findings. */
import type { ChangeList, ImportIssue } from '@xiaonao/domain';
import { fileIssue } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';
import type { ImportRequest } from '../import-request';

export interface TownshipRow {
  id: string;
  code: string;
  name: string;
  center_lng: number;
  center_lat: number;
}

export interface KindInput extends ImportRequest {
  /** Argon2 hashes made before the transaction (slow on purpose), by username; accounts only. */
  passwordHashes?: ReadonlyMap<string, string>;
}

/**
 * An importer checks the file against what is stored and, only when it found no error, writes its
 * changes: the service runs it in one transaction and rolls back a dry run.
 */
export interface KindOutcome {
  errors: ImportIssue[];
  warnings: ImportIssue[];
  changes: ChangeList[];
  coordSystem?: string;
}

export type KindImporter = (tx: Sql, township: TownshipRow, input: KindInput) => Promise<KindOutcome>;

export function refusedWith(errors: ImportIssue[], coordSystem?: string): KindOutcome {
  return { errors, warnings: [], changes: [], ...(coordSystem ? { coordSystem } : {}) };
}

export function wrongFormat(input: KindInput, allowed: readonly string[]): KindOutcome | null {
  if (allowed.includes(input.format)) return null;
  return refusedWith([fileIssue(`${input.kind} 文件应为 ${allowed.join(' 或 ')} 格式，收到 ${input.format}`, `a ${input.kind} file must be ${allowed.join(' or ')}, got ${input.format}`, 'format')]);
}

/** Writes only the columns named, for one row: a field the file did not change is not touched. */
export async function updateColumns(tx: Sql, table: string, id: string, sets: readonly (readonly [column: string, value: unknown])[], stampNow: readonly string[] = []): Promise<void> {
  if (!sets.length) return;
  // Stamps come from the database's clock, like every other write's.
  const assignments = [...sets.map(([column], i) => `${column} = $${i + 2}`), ...stampNow.map((column) => `${column} = now()`)].join(', ');
  await tx.query(`UPDATE ${table} SET ${assignments} WHERE id = $1`, [id, ...sets.map(([, value]) => value)]);
}

/** Coordinates are kept to 1e-7° (about a centimetre), so an unchanged file compares equal. */
export const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
