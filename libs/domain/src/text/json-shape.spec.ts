import { describe, expect, it } from 'vitest';
import { DOOR_JSON_LIMITS, judgeJsonShape } from './json-shape';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const nestedObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('the shape of a JSON input', () => {
  it('takes an honest request', () => {
    expect(judgeJsonShape({ caseNo: '3301', location: { lng: 120.5, lat: 30.2 }, tags: ['a', 'b'], n: null })).toBeNull();
  });

  it('walks two hundred thousand levels without recursion, refusing at the limit', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(judgeJsonShape(deep)).toEqual({ field: 'body', reason: { zh: '嵌套超过 16 层', en: 'nested deeper than 16 levels' } });
    expect(judgeJsonShape(nested(16))).toBeNull();
    expect(judgeJsonShape(nested(17))).not.toBeNull();
  });

  it('names the top-level property a deep branch hangs from', () => {
    expect(judgeJsonShape({ caseNo: 'x', description: nestedObject(40) })?.field).toBe('description');
    expect(judgeJsonShape({ caseNo: 'x' }, DOOR_JSON_LIMITS, 'report')).toBeNull();
  });

  it('counts every value and refuses too many', () => {
    const wide = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]));
    expect(judgeJsonShape(wide)?.reason.zh).toBe('内容过多（超过 2000 项）');
    expect(judgeJsonShape(Array.from({ length: 1_999 }, () => 0))).toBeNull();
    expect(judgeJsonShape(Array.from({ length: 5_000 }, () => 0), { ...DOOR_JSON_LIMITS, maxNodes: 10_000 })).toBeNull();
  });

  it('refuses a long property name, naming the object that holds it', () => {
    expect(judgeJsonShape({ location: { ['x'.repeat(101)]: 1 } })).toEqual({
      field: 'location',
      reason: { zh: '属性名过长（超过 100 个字符）', en: 'a property name is longer than 100 characters' },
    });
  });

  it('refuses strings and names PostgreSQL cannot store, naming where they are', () => {
    expect(judgeJsonShape({ location: { lng: 1 }, list: ['ok', 'a\u0000'] })?.field).toBe('list.1');
    expect(judgeJsonShape({ callerName: '王\uD800' })).toEqual({ field: 'callerName', reason: { zh: '含有无法存储的字符（不成对的代理项）', en: 'contains characters that cannot be stored (unpaired surrogate)' } });
    expect(judgeJsonShape({ location: { 'a\u0000': 1 } })?.field).toBe('location');
    expect(judgeJsonShape('\uDC00', DOOR_JSON_LIMITS, 'endpoint')?.field).toBe('endpoint');
  });

  it('names the first failure in document order', () => {
    expect(judgeJsonShape({ a: 'ok', b: '\u0000', c: '\uD800' })?.field).toBe('b');
  });
});
