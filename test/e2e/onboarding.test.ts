/**
 * Onboarding a township from files with the admin command (docs/onboarding.md), on the real
 * PostgreSQL: created, grids in GCJ-02 stored in WGS-84, workers from XLSX and CSV, re-imports that
 * change nothing, one changed field reported as such, bad files refused whole with rows and fields
 * named, and the imported township taking a case.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import gcoord from 'gcoord';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentView, type PolygonCoordinates } from '@xiaonao/contracts';
import { distanceMeters } from '@xiaonao/domain';
import type { ImportReport } from '@xiaonao/domain';
import { runAdmin } from '../../apps/hub/src/onboarding/admin-command';
import { bearer, login, postCase, until } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

const CODE = 'newtown';
/** South-west corner of the new township, in WGS-84; grids are 0.01° squares going east. */
const O = { lng: 120.7, lat: 30.4 };
const TABLES = ['grid', 'micro_grid', 'worker', 'police_station', 'camera', 'app_user', 'responsibility', 'clock_rule', 'place'];

function squareWgs(dx: number, dy = 0, w = 0.01, h = 0.01): [number, number][] {
  const x = O.lng + dx;
  const y = O.lat + dy;
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
    [x, y],
  ];
}

const toGcj = (ring: [number, number][]): [number, number][] => ring.map((p) => gcoord.transform<[number, number]>(p, gcoord.WGS84, gcoord.GCJ02));

function feature(properties: Record<string, unknown>, ring: [number, number][]) {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

function gridsFile(features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'GCJ02' } }, features });
}

/** The township's layer as the GIS office sends it: drawn on a GCJ-02 basemap. */
const GOOD_GRIDS = [
  feature({ code: 'G1', name: '新镇一网格', kind: 'market_town' }, toGcj(squareWgs(0))),
  feature({ code: 'G2', name: '新镇二网格', kind: '村社网格' }, toGcj(squareWgs(0.01))),
  feature({ code: 'G1-1', name: '幸福路微网格', parent: 'G1' }, toGcj(squareWgs(0, 0, 0.005))),
];

interface Workers {
  code: string;
  name: string;
  phone: string;
  team: string;
  grid: string;
}

const XLSX_WORKERS: Workers[] = [
  { code: 'W1', name: '张网格', phone: '13800000101', team: '专职网格员', grid: 'G1' },
  { code: 'W2', name: '李调解', phone: '13800000102', team: 'mediator', grid: 'G1' },
];

async function xlsxOf(workers: Workers[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('网格员');
  sheet.addRow(['编号', '姓名', '手机', '队伍', '网格', '在岗', '经度', '纬度']);
  // Positions in WGS-84 near the west edge: W1 nearest to a case at the edge.
  workers.forEach((w, i) => sheet.addRow([w.code, w.name, Number(w.phone), w.team, w.grid, '是', O.lng + 0.002 + i * 0.002, O.lat + 0.005]));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('onboarding a township from files', () => {
  let t: TestHub;
  let dir: string;
  let db: Client;

  async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runAdmin(args, { env: { DATABASE_URL: t.databaseUrl }, out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
    return { code, out, err };
  }

  async function importFile(kind: string, name: string, content: string | Buffer, ...extra: string[]): Promise<{ code: number; report: ImportReport }> {
    const file = join(dir, name);
    await writeFile(file, content);
    const r = await admin('import', '--township', CODE, '--kind', kind, '--file', file, '--json', ...extra);
    if (r.code === 1) throw new Error(r.err);
    return { code: r.code, report: JSON.parse(r.out) as ImportReport };
  }

  /** Every row of the township in every table it owns: equal before and after means nothing was written. */
  async function fingerprint(): Promise<string> {
    const parts: string[] = [];
    for (const table of TABLES) {
      const { rows } = await db.query<{ rows: string | null }>(
        `SELECT string_agg(t::text, '|' ORDER BY t::text) AS rows FROM ${table} t WHERE township_id = (SELECT id FROM township WHERE code = $1)`,
        [CODE],
      );
      parts.push(`${table}:${rows[0].rows ?? ''}`);
    }
    return parts.join('\n');
  }

  beforeAll(async () => {
    t = await startTestHub();
    dir = await mkdtemp(join(tmpdir(), 'xiaonao-onboarding-'));
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await rm(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('creates a township from the command line, and creating it again changes nothing', async () => {
    const first = await admin('create-township', '--code', CODE, '--name', '新镇街道', '--center', `${O.lng + 0.01},${O.lat + 0.005}`);
    expect(first.code).toBe(0);
    expect(first.out).toContain('新增 added: newtown');
    const again = await admin('create-township', '--code', CODE, '--name', '新镇街道', '--center', `${O.lng + 0.01},${O.lat + 0.005}`, '--json');
    expect((JSON.parse(again.out) as ImportReport).changes[0]).toMatchObject({ added: [], updated: [], unchanged: 1 });
  });

  it('imports grids declared in GCJ-02 and stores them in WGS-84 within a metre', async () => {
    const { code, report } = await importFile('grids', 'grids.geojson', gridsFile(GOOD_GRIDS));
    expect(code).toBe(0);
    expect(report.coordSystem).toBe('GCJ02');
    expect(report.changes.map((c) => [c.subject, c.added])).toEqual([
      ['grid', ['G1', 'G2']],
      ['micro_grid', ['G1-1']],
    ]);
    const { rows } = await db.query<{ code: string; polygon: PolygonCoordinates }>('SELECT code, polygon FROM grid WHERE township_id = (SELECT id FROM township WHERE code = $1) ORDER BY code', [CODE]);
    const expected = [squareWgs(0), squareWgs(0.01)];
    rows.forEach((row, i) =>
      row.polygon[0].forEach(([lng, lat], j) => expect(distanceMeters({ lng, lat }, { lng: expected[i][j][0], lat: expected[i][j][1] })).toBeLessThan(1)),
    );
    const { rows: micro } = await db.query<{ parent: string }>('SELECT g.code AS parent FROM micro_grid m JOIN grid g ON g.id = m.grid_id WHERE m.code = $1', ['G1-1']);
    expect(micro).toEqual([{ parent: 'G1' }]);
  });

  it('imports workers from an XLSX sheet and from CSV', async () => {
    const xlsx = await importFile('workers', 'workers.xlsx', await xlsxOf(XLSX_WORKERS));
    expect(xlsx.code).toBe(0);
    expect(xlsx.report.changes[0].added).toEqual(['W1', 'W2']);
    const csv = await importFile('workers', 'workers.csv', 'code,name,phone,team,grid,on_duty\nW3,王执法,0571-86001234,enforcement,G2,否\n');
    expect(csv.code).toBe(0);
    expect(csv.report.changes[0]).toMatchObject({ added: ['W3'], missing: ['W1', 'W2'] });
    const { rows } = await db.query('SELECT w.code, w.phone, w.team, g.code AS grid, w.on_duty, w.lng IS NOT NULL AS placed FROM worker w JOIN grid g ON g.id = w.grid_id WHERE w.township_id = (SELECT id FROM township WHERE code = $1) ORDER BY w.code', [CODE]);
    expect(rows).toEqual([
      { code: 'W1', phone: '13800000101', team: 'grid_worker', grid: 'G1', on_duty: true, placed: true },
      { code: 'W2', phone: '13800000102', team: 'mediator', grid: 'G1', on_duty: true, placed: true },
      { code: 'W3', phone: '0571-86001234', team: 'enforcement', grid: 'G2', on_duty: false, placed: false },
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await fingerprint();
    const reports = [
      await importFile('grids', 'grids.geojson', gridsFile(GOOD_GRIDS)),
      await importFile('workers', 'workers.xlsx', await xlsxOf(XLSX_WORKERS)),
      await importFile('workers', 'workers.csv', 'code,name,phone,team,grid,on_duty\nW3,王执法,0571-86001234,enforcement,G2,否\n'),
    ];
    for (const { code, report } of reports) {
      expect(code).toBe(0);
      for (const change of report.changes) expect(change).toMatchObject({ added: [], updated: [], removed: [] });
    }
    expect(reports[0].report.changes.map((c) => c.unchanged)).toEqual([2, 1]);
    expect(await fingerprint()).toBe(before);
  });

  it('reports one changed phone as one update naming the field, and a dry run of it writes nothing', async () => {
    const changed = XLSX_WORKERS.map((w) => (w.code === 'W2' ? { ...w, phone: '13900000102' } : w));
    const before = await fingerprint();
    const dry = await importFile('workers', 'workers.xlsx', await xlsxOf(changed), '--dry-run');
    expect(dry.report).toMatchObject({ dryRun: true, refused: false });
    expect(dry.report.changes[0].updated).toEqual([{ key: 'W2', fields: ['phone'] }]);
    expect(await fingerprint()).toBe(before);

    const real = await importFile('workers', 'workers.xlsx', await xlsxOf(changed));
    expect(real.report.changes[0]).toMatchObject({ added: [], updated: [{ key: 'W2', fields: ['phone'] }], unchanged: 1 });
    const { rows } = await db.query('SELECT phone FROM worker WHERE code = $1 AND township_id = (SELECT id FROM township WHERE code = $2)', ['W2', CODE]);
    expect(rows).toEqual([{ phone: '13900000102' }]);
  });

  it('refuses a bad grid layer whole, naming each feature, and writes nothing', async () => {
    const unclosed = toGcj(squareWgs(0.02)).slice(0, 4);
    unclosed.push(toGcj(squareWgs(0.025))[0]);
    const bad = gridsFile([
      ...GOOD_GRIDS,
      feature({ code: 'G3', name: '未闭合网格', kind: 'village' }, unclosed),
      feature({ code: 'G4', name: '重叠网格', kind: 'village' }, toGcj(squareWgs(0.015))),
      feature({ code: 'G1-9', name: '越界微网格', parent: 'G1' }, toGcj(squareWgs(0.008, 0, 0.005))),
      // A good new grid in the same file: it must not be half-imported either.
      feature({ code: 'G5', name: '正常新网格', kind: 'village' }, toGcj(squareWgs(0.05))),
    ]);
    const before = await fingerprint();
    const { code, report } = await importFile('grids', 'bad-grids.geojson', bad);
    expect(code).toBe(2);
    expect(report).toMatchObject({ refused: true, changes: [] });
    expect(report.errors.map((e) => [e.item, e.field])).toEqual([
      ['G3', 'geometry.coordinates'],
      ['G4', 'geometry'],
      ['G1-9', 'geometry'],
    ]);
    expect(report.errors[0].message).toContain('未闭合');
    // Both grids named: the one refused (the item) and the one it overlaps.
    expect(report.errors[1].message).toMatch(/^第 5 个要素（G4） geometry：与网格「G2」（第 2 个要素）重叠 \d+ m²，超过容差 50 m²$/);
    expect(report.errors[2].message).toContain('超出上级网格「G1」');
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a CSV with a bad row, naming the row and field, and writes nothing', async () => {
    const before = await fingerprint();
    const { code, report } = await importFile('workers', 'bad-workers.csv', 'code,name,phone,team,grid\nW4,赵六,13800000104,volunteer,G2\nW5,钱七,1380000,volunteer,G2\n');
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, item: 'W5', field: 'phone' })]);
    expect(report.errors[0].message).toContain('第 3 行（W5） phone');
    expect(await fingerprint()).toBe(before);
  });

  it('takes a case once imported, and offers it to an imported worker', async () => {
    expect((await importFile('stations', 'stations.csv', `code,name\n${CODE}-pcs,新镇派出所\n`)).code).toBe(0);
    const users = `username,display_name,role,worker,station,password\n${CODE}-op,值班员,operator,,,op-pass-new-1\n${CODE}-w1,张网格,worker,W1,,worker-pass-new-1\n`;
    const imported = await importFile('users', 'users.csv', users);
    expect(imported.report.changes[0].added).toEqual([`${CODE}-op`, `${CODE}-w1`]);
    // Again with another password: the account keeps its own.
    const again = await importFile('users', 'users.csv', users.replace('op-pass-new-1', 'other-pass-9'));
    expect(again.report.changes[0]).toMatchObject({ added: [], updated: [], unchanged: 2 });

    const key = await admin('issue-key', '--township', CODE, '--name', '110 联动平台', '--json');
    expect(key.code).toBe(0);
    const issued = JSON.parse(key.out) as { key: string; signingSecret: string };

    const res = await postCase(t.url, issued.key, newIntake110({ townshipCode: CODE, origin: O }), { secret: issued.signingSecret }).expect(201);
    const id = res.body.incidentId as string;
    const operator = await login(t.url, `${CODE}-op`, 'op-pass-new-1');
    const view = await until(
      async () => (await request(t.url).get(API.incident(id)).set(bearer(operator.token)).expect(200)).body as IncidentView,
      (v) => v.state === 'offered',
      'the case offered',
    );
    const { rows } = await db.query<{ id: string }>('SELECT id FROM worker WHERE code = $1 AND township_id = (SELECT id FROM township WHERE code = $2)', ['W1', CODE]);
    expect(view.worker?.id).toBe(rows[0].id);
    expect((await login(t.url, `${CODE}-w1`, 'worker-pass-new-1')).token).toBeTruthy();
  });

  it('runs as a process: exit 2 with the report for a refused file, exit 1 without DATABASE_URL', async () => {
    const file = join(dir, 'bad-process.csv');
    await writeFile(file, 'code,name,phone,team\nW6,孙八,123,volunteer\n');
    const run = (env: Record<string, string | undefined>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['dist/apps/hub/src/onboarding/admin-cli.js', 'import', '--township', CODE, '--kind', 'workers', '--file', file], { env }, (_error, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
    const refused = await run({ ...process.env, DATABASE_URL: t.databaseUrl });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('第 2 行（W6） phone');
    const noDatabase = await run({ PATH: process.env.PATH });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain('DATABASE_URL');
  });
});
