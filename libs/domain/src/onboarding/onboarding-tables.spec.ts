import { describe, expect, it } from 'vitest';
import { readCameraRows } from './camera-rows';
import { readClockRuleFile } from './clock-rule-file';
import { jsonItemsAsRows, readResponsibilityRows } from './responsibility-rows';
import { ITEM_LABEL, LINE_LABEL } from './import-report';
import { readStationRows } from './station-rows';
import type { TableRow } from './table-rows';
import { newAccountPasswords, readUserRows } from './user-rows';

function table(header: string, ...rows: string[]): TableRow[] {
  return [header, ...rows].map((line, i) => ({ line: i + 1, cells: line.split(',') }));
}

describe('stations and cameras', () => {
  it('reads stations and refuses an empty name', () => {
    const r = readStationRows(table('code,name', 'P1,一所', 'P2,'));
    expect(r.stations.map((s) => s.code)).toEqual(['P1']);
    expect(r.errors.map((e) => [e.row, e.field, e.item])).toEqual([[3, 'name', 'P2']]);
  });

  it('reads cameras in the declared system and refuses an unknown grid', () => {
    const r = readCameraRows(table('编号,名称,经度,纬度,网格', 'C1,路口,120.5,30.28,', 'C2,村口,200,30.28,G9'), { coordSystem: 'WGS84', gridCodes: new Set(['G1']) });
    expect(r.cameras.map((c) => [c.code, c.gridCode])).toEqual([['C1', undefined]]);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [3, '经度'],
      [3, '网格'],
    ]);
  });
});

describe('accounts', () => {
  const context = { workerCodes: new Set(['W1']), stationCodes: new Set(['P1']), existing: new Set(['op1']), takenElsewhere: new Set(['other']) };

  it('needs a password only for a new account, and the worker or station its role names', () => {
    const r = readUserRows(table('username,display_name,role,worker,station,password', 'op1,值班员,operator,,,', 'worker1,张三,网格员,W1,,secret-123', 'pcs1,一所,station,,,secret-456', 'other,别人,operator,,,secret-789'), context);
    expect(r.users.map((u) => u.username)).toEqual(['op1', 'worker1']);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'station'],
      [5, 'username'],
    ]);
  });

  it('hands out the passwords of new accounts only', () => {
    const rows = table('username,display_name,role,password', 'op1,a,operator,secret-123', 'op2,b,operator,secret-456');
    expect([...newAccountPasswords(rows, new Set(['op1']))]).toEqual([['op2', 'secret-456']]);
  });
});

describe('the responsibility table', () => {
  it('reads a CSV row with defaults for the columns left out', () => {
    const r = readResponsibilityRows(table('category,teams,priority', 'dispute,grid_worker;mediator,2'), LINE_LABEL);
    expect(r.errors).toEqual([]);
    expect(r.responsibilities[0]).toMatchObject({ category: 'dispute', teams: ['grid_worker', 'mediator'], dispatchMode: 'auto', offerMode: 'sequential', raceSize: 3, policeOnly: false });
  });

  it('reads a JSON list the same way, naming items', () => {
    const r = readResponsibilityRows(jsonItemsAsRows([{ category: 'theft', police_only: true, priority: 1 }, { category: 'noise', priority: 5 }]), ITEM_LABEL);
    expect(r.responsibilities.map((x) => [x.category, x.policeOnly])).toEqual([['theft', true]]);
    expect(r.errors[0].message).toContain('第 2 项（noise） priority');
  });
});

describe('clock rules', () => {
  it('reads rules and chains, and refuses a contact window shorter than accept', () => {
    const good = readClockRuleFile(JSON.stringify({ rules: [{ category: null, priority: null, acceptSeconds: 60, contactSeconds: 180, arriveSeconds: 480, warnShare: 0.75 }], escalation: { accept: ['console_alarm'] } }));
    expect(good.errors).toEqual([]);
    expect(good.escalation).toEqual({ accept: ['console_alarm'] });
    const bad = readClockRuleFile(JSON.stringify({ rules: [{ category: 'noise', priority: 1, acceptSeconds: 60, contactSeconds: 30, arriveSeconds: 480, warnShare: 0.75 }] }));
    expect(bad.errors.map((e) => e.field)).toEqual(['rules[0].contactSeconds']);
  });
});

describe('account roles', () => {
  it('refuses a region role in a township’s accounts file', () => {
    const r = readUserRows(table('username,display_name,role,password', 'boss1,区管理员,admin,secret-123'), { workerCodes: new Set(), stationCodes: new Set(), existing: new Set(), takenElsewhere: new Set() });
    expect(r.users).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[2, 'role']]);
  });
});
