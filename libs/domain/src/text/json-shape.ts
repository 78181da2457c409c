/**
 * The shape a parsed JSON input may have before anything else looks at it: how deep, how many values,
 * how long a property name, and no string or name that PostgreSQL cannot store. Walked with an explicit
 * stack, never by recursion: V8's JSON.parse takes a million nested brackets in its stride, but every
 * recursive reader after it (class-transformer, class-validator, a key check) would overflow the stack
 * and answer 500. Anything past a limit is refused before those readers run.
 */
import { textLength, unstorableReason, type TextReason } from './text-field';

export interface JsonShapeLimits {
  /** Nesting of objects and arrays; the body itself is level 1. */
  maxDepth: number;
  /** Values of any kind, the body included. */
  maxNodes: number;
  /** Code points in a property name. */
  maxKeyLength: number;
}

/**
 * What a door takes: a case has a dozen values two levels deep; these leave room for any honest
 * request (a clock table of 200 rules is the largest everyday body) and none for a bomb.
 */
export const DOOR_JSON_LIMITS: Readonly<JsonShapeLimits> = { maxDepth: 16, maxNodes: 2_000, maxKeyLength: 100 };

export interface JsonShapeFailure {
  /** The field to name: a path like `location.lat`, or the root's own name (`body`). */
  field: string;
  reason: TextReason;
}

interface Entry {
  value: unknown;
  /** Containers above this value: the body is at depth 0. */
  depth: number;
  parent: Entry | null;
  key: string;
}

/** The dotted path of an entry below `root` (built only on failure: most walks never need one). */
function pathOf(entry: Entry | null, root: string): string {
  const keys: string[] = [];
  for (let at = entry; at?.parent; at = at.parent) keys.push(at.key);
  const path = keys.reverse().join('.');
  return root && path ? `${root}.${path}` : root || path || 'body';
}

/** The top-level property an entry sits under, for a failure that is about a whole branch (depth). */
function branchOf(entry: Entry, root: string): string {
  let at = entry;
  while (at.parent?.parent) at = at.parent;
  if (!at.parent || Array.isArray(at.parent.value)) return root || 'body';
  return pathOf(at, root);
}

/**
 * The first way `value` breaks the limits, or null. `root` names the value itself (`body`, or a
 * query parameter's name) and prefixes every path.
 */
export function judgeJsonShape(value: unknown, limits: JsonShapeLimits = DOOR_JSON_LIMITS, root = ''): JsonShapeFailure | null {
  const stack: Entry[] = [{ value, depth: 0, parent: null, key: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    if (++nodes > limits.maxNodes) {
      return { field: root || 'body', reason: { zh: `内容过多（超过 ${limits.maxNodes} 项）`, en: `too many values (more than ${limits.maxNodes})` } };
    }
    const v = entry.value;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) return { field: pathOf(entry, root), reason };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (entry.depth + 1 > limits.maxDepth) {
      return { field: branchOf(entry, root), reason: { zh: `嵌套超过 ${limits.maxDepth} 层`, en: `nested deeper than ${limits.maxDepth} levels` } };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: entry.depth + 1, parent: entry, key: String(i) });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) {
      const unstorable = unstorableReason(key);
      if (unstorable) return { field: pathOf(entry, root), reason: { zh: `属性名${unstorable.zh}`, en: `a property name ${unstorable.en}` } };
      if (textLength(key) > limits.maxKeyLength) {
        return { field: pathOf(entry, root), reason: { zh: `属性名过长（超过 ${limits.maxKeyLength} 个字符）`, en: `a property name is longer than ${limits.maxKeyLength} characters` } };
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], depth: entry.depth + 1, parent: entry, key: keys[i] });
  }
  return null;
}
