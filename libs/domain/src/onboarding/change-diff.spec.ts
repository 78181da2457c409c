import { describe, expect, it } from 'vitest';
import { changedFields, diffItems, type Fields } from './change-diff';

const items = (entries: Record<string, Fields>) => new Map(Object.entries(entries));

describe('what an import would change', () => {
  it('sorts the file into added, updated with the fields, unchanged and missing', () => {
    const stored = items({ W1: { name: '张三', phone: '13800000001' }, W2: { name: '李四', phone: '13800000002' }, W3: { name: '王五', phone: '13800000003' } });
    const incoming = items({ W1: { name: '张三', phone: '13800000001' }, W2: { name: '李四', phone: '13900000002' }, W4: { name: '赵六', phone: '13800000004' } });
    expect(diffItems('worker', incoming, stored)).toEqual({
      subject: 'worker',
      added: ['W4'],
      updated: [{ key: 'W2', fields: ['phone'] }],
      unchanged: 1,
      missing: ['W3'],
      removed: [],
    });
  });

  it('reports nothing to change when the same file comes again', () => {
    const same = items({ G1: { name: '一', polygon: [[[120.5, 30.28], [120.51, 30.28], [120.51, 30.29], [120.5, 30.28]]], leader: null } });
    const r = diffItems('grid', same, same);
    expect(r).toMatchObject({ added: [], updated: [], unchanged: 1, missing: [] });
  });

  it('does not compare a field the file leaves out', () => {
    expect(changedFields({ name: 'a', grid: undefined }, { name: 'a', grid: 'G1' })).toEqual([]);
  });

  it('treats null and a missing stored value alike, and a set change as a change', () => {
    expect(changedFields({ dingtalk: null }, {})).toEqual([]);
    expect(changedFields({ travel_modes: ['ebike', 'foot'] }, { travel_modes: ['foot'] })).toEqual(['travel_modes']);
  });
});
