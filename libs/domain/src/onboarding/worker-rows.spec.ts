import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../geo/coordinates';
import type { TableRow } from './table-rows';
import { phoneOf, readWorkerRows } from './worker-rows';

/** A table as a file holds it: the header on line 1, then one row per line. */
function table(header: string, ...rows: string[]): TableRow[] {
  return [header, ...rows].map((line, i) => ({ line: i + 1, cells: line.split(',') }));
}

const context = { gridCodes: new Set(['G1', 'G2']), coordSystem: 'WGS84' as const };

describe('a clean workers table', () => {
  it('reads each worker, with Chinese headers and labels', () => {
    const r = readWorkerRows(table('编号,姓名,手机,队伍,网格,在岗,出行方式', 'W1,张三,138 0000 0001,专职网格员,G1,是,步行、电瓶车', 'W2,李四,0571-86001234,mediator,,否,汽车'), context);
    expect(r.errors).toEqual([]);
    expect(r.workers.map((w) => [w.code, w.phone, w.team, w.gridCode, w.onDuty, w.travelModes])).toEqual([
      ['W1', '13800000001', 'grid_worker', 'G1', true, ['ebike', 'foot']],
      ['W2', '0571-86001234', 'mediator', null, false, ['car']],
    ]);
  });

  it('leaves a column the file lacks undefined, so the stored value stays', () => {
    const r = readWorkerRows(table('code,name,phone,team', 'W1,张三,13800000001,volunteer'), context);
    expect(r.workers[0]).toMatchObject({ gridCode: undefined, onDuty: undefined, travelModes: undefined, location: undefined });
  });

  it('converts a starting position from the declared system', () => {
    const r = readWorkerRows(table('code,name,phone,team,lng,lat', 'W1,张三,13800000001,volunteer,120.5,30.28'), { ...context, coordSystem: 'GCJ02' });
    expect(r.workers[0].location).toEqual(toWgs84({ lng: 120.5, lat: 30.28 }, 'GCJ02'));
  });
});

describe('a bad workers table', () => {
  it('names the line and the field of every problem, as the header wrote it', () => {
    const r = readWorkerRows(table('工号,姓名,手机,队伍,网格,在岗', 'W1,张三,13800000001,grid_worker,G1,是', 'W2,,1380000,police,G9,也许'), context);
    expect(r.workers.map((w) => w.code)).toEqual(['W1']);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [3, '姓名'],
      [3, '手机'],
      [3, '队伍'],
      [3, '网格'],
      [3, '在岗'],
    ]);
    expect(r.errors[1].message).toBe('第 3 行（W2） 手机：电话应为 11 位手机号或带区号的固定电话，收到「1380000」');
    expect(r.errors[1].messageEn).toContain('line 3 (W2) 手机: phone must be');
  });

  it('refuses a code given twice, naming the first line', () => {
    const r = readWorkerRows(table('code,name,phone,team', 'W1,a,13800000001,volunteer', 'W1,b,13800000002,volunteer'), context);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 3, field: 'code' });
    expect(r.errors[0].message).toContain('与第 2 行重复');
  });

  it('refuses a header without a required column', () => {
    const r = readWorkerRows(table('code,name,team', 'W1,a,volunteer'), context);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[1, 'phone']]);
  });

  it('refuses lng without lat', () => {
    const r = readWorkerRows(table('code,name,phone,team,lng,lat', 'W1,a,13800000001,volunteer,120.5,'), context);
    expect(r.errors[0].field).toBe('lat');
  });
});

describe('phone numbers', () => {
  it('keeps a mobile’s digits and a landline as written', () => {
    expect(phoneOf('+86 138-0000-0001')).toBe('13800000001');
    expect(phoneOf('057186001234')).toBe('057186001234');
    expect(phoneOf('12345')).toBeNull();
    expect(phoneOf('23800000001')).toBeNull();
  });
});
