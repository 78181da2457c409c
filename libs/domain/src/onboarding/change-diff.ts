/**
 * What an import would change: the file's items against the stored ones, matched by key (a code, a
 * username, a category). A field the file leaves out (undefined) is neither compared nor written, so
 * a file with fewer columns never blanks what it does not mention.
 */
import type { ChangeList, ChangeSubject } from './import-report';

export type FieldValue = string | number | boolean | null | readonly unknown[];
export type Fields = Record<string, FieldValue | undefined>;

/** Equal when they serialise alike: values come from files and rows as plain data. */
function same(a: FieldValue, b: FieldValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b ?? null);
}

/** The fields of `incoming` that differ from `stored`. */
export function changedFields(incoming: Fields, stored: Fields): string[] {
  return Object.entries(incoming)
    .filter((entry): entry is [string, FieldValue] => entry[1] !== undefined)
    .filter(([field, value]) => !same(value, stored[field]))
    .map(([field]) => field);
}

/** Items keyed the same in both lists are compared; `missing` is stored and not in the file. */
export function diffItems(subject: ChangeSubject, incoming: ReadonlyMap<string, Fields>, stored: ReadonlyMap<string, Fields>): ChangeList {
  const list: ChangeList = { subject, added: [], updated: [], unchanged: 0, missing: [], removed: [] };
  for (const [key, fields] of incoming) {
    const current = stored.get(key);
    if (!current) {
      list.added.push(key);
      continue;
    }
    const changed = changedFields(fields, current);
    if (changed.length) list.updated.push({ key, fields: changed });
    else list.unchanged++;
  }
  list.missing = [...stored.keys()].filter((key) => !incoming.has(key)).sort();
  return list;
}

/** True when the list changes nothing. */
export function isNoChange(list: ChangeList): boolean {
  return !list.added.length && !list.updated.length && !list.removed.length;
}
