/**
 * The township's base map over HTTP: the environment's MAP_TILE_* as every township's default, an
 * operator's own source validated field by field and kept per township, every signed-in role reading
 * it (the phone and the station draw maps too), and only the township's operator changing it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_TILES_API, type MapTilesRequest, type MapTilesView } from '@xiaonao/contracts';
import { bearer, loginAs } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

const ENV_SOURCE = {
  MAP_TILE_URL: 'http://gis.district.gov.local/tiles/{z}/{x}/{y}.png',
  MAP_TILE_COORD_SYSTEM: 'gcj02',
  MAP_TILE_ATTRIBUTION: '区政务地理信息平台',
  MAP_TILE_MAX_ZOOM: '19',
};

/** A 天地图 vector layer with the township's own key. */
const newTiandituSource = (over: Partial<MapTilesRequest> = {}): MapTilesRequest => ({
  urlTemplate: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=0123456789abcdef',
  coordSystem: 'wgs84',
  attribution: '© 天地图',
  maxZoom: 18,
  subdomains: '01234567',
  overlayUrlTemplate: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=0123456789abcdef',
  ...over,
});

describe('a township base map', () => {
  let t: TestHub;
  const b = newTownshipSeed({ code: 'tilesb', origin: { lng: 120.6, lat: 30.35 } });
  let tokens: Record<'operator' | 'station' | 'worker' | 'operatorB', string>;

  beforeAll(async () => {
    t = await startTestHub({ extraSeeds: [b], env: { ...ENV_SOURCE, IMAGE_ORIGINS: 'http://10.1.1.1' } });
    tokens = {
      operator: (await loginAs(t.url, t.seed, 'operator')).token,
      station: (await loginAs(t.url, t.seed, 'station')).token,
      worker: (await loginAs(t.url, t.seed, 'worker', 'W1')).token,
      operatorB: (await loginAs(t.url, b, 'operator')).token,
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  const read = async (token: string): Promise<MapTilesView> => (await request(t.url).get(MAP_TILES_API.mapTiles).set(bearer(token)).expect(200)).body as MapTilesView;

  it('is the environment source for every township and every role until an operator sets one', async () => {
    for (const token of [tokens.operator, tokens.station, tokens.worker, tokens.operatorB]) {
      expect(await read(token)).toEqual({
        urlTemplate: ENV_SOURCE.MAP_TILE_URL,
        coordSystem: 'gcj02',
        attribution: '区政务地理信息平台',
        maxZoom: 19,
        subdomains: '',
        overlayUrlTemplate: '',
        from: 'environment',
        updatedAt: null,
      });
    }
    await request(t.url).get(MAP_TILES_API.mapTiles).expect(401);
  });

  it('admits http tiles from IMAGE_ORIGINS and the environment tile server in the pages\' Content-Security-Policy', async () => {
    const csp = (await request(t.url).get('/console.html')).headers['content-security-policy'];
    const images = /img-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(images).toContain('http://10.1.1.1');
    expect(images).toContain('http://gis.district.gov.local');
  });

  it('takes an operator 天地图 source for that township only, and goes back to the environment on DELETE', async () => {
    const source = newTiandituSource();
    const { body } = await request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(tokens.operator)).send(source).expect(200);
    expect(body).toMatchObject({ ...source, from: 'township' });
    expect(Date.parse((body as MapTilesView).updatedAt ?? '')).toBeGreaterThan(0);
    // The worker's phone and the station read what the command room set; township B still has the environment's.
    expect(await read(tokens.worker)).toMatchObject({ urlTemplate: source.urlTemplate, from: 'township' });
    expect(await read(tokens.station)).toMatchObject({ urlTemplate: source.urlTemplate, from: 'township' });
    expect(await read(tokens.operatorB)).toMatchObject({ urlTemplate: ENV_SOURCE.MAP_TILE_URL, from: 'environment' });

    // B's operator changes B's, never A's (an intranet server over http, listed in IMAGE_ORIGINS).
    await request(t.url)
      .put(MAP_TILES_API.mapTiles)
      .set(bearer(tokens.operatorB))
      .send({ urlTemplate: 'http://10.1.1.1/{z}/{x}/{y}.png', coordSystem: 'wgs84', maxZoom: 20 })
      .expect(200);
    expect(await read(tokens.operatorB)).toMatchObject({ attribution: '', subdomains: '', overlayUrlTemplate: '', maxZoom: 20 });
    expect((await read(tokens.operator)).urlTemplate).toBe(source.urlTemplate);
    expect((await read(tokens.operatorB)).urlTemplate).toBe('http://10.1.1.1/{z}/{x}/{y}.png');
    await request(t.url).delete(MAP_TILES_API.mapTiles).set(bearer(tokens.operatorB)).expect(200);
    expect((await read(tokens.operator)).from).toBe('township');

    const reset = await request(t.url).delete(MAP_TILES_API.mapTiles).set(bearer(tokens.operator)).expect(200);
    expect(reset.body).toMatchObject({ urlTemplate: ENV_SOURCE.MAP_TILE_URL, from: 'environment' });
  });

  it('may be changed by operators only', async () => {
    for (const token of [tokens.station, tokens.worker]) {
      await request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(token)).send(newTiandituSource()).expect(403);
      await request(t.url).delete(MAP_TILES_API.mapTiles).set(bearer(token)).expect(403);
    }
    await request(t.url).put(MAP_TILES_API.mapTiles).send(newTiandituSource()).expect(401);
    expect((await read(tokens.operator)).from).toBe('environment');
  });

  it('refuses an unusable source with a 400 naming the field, and keeps the one before', async () => {
    const cases: [Partial<MapTilesRequest> | Record<string, unknown>, string, RegExp][] = [
      [{ urlTemplate: 'ftp://tiles.local/{z}/{x}/{y}.png' }, 'urlTemplate', /http:\/\/ 或 https:\/\//],
      [{ urlTemplate: 'https://tiles.local/{z}/{x}.png' }, 'urlTemplate', /\{y\}/],
      [{ urlTemplate: 'https://tiles.local/tile.png' }, 'urlTemplate', /\{z\}、\{x\}、\{y\}/],
      [{ coordSystem: 'bd09' }, 'coordSystem', /wgs84/],
      [{ maxZoom: 30 }, 'maxZoom', /./],
      [{ maxZoom: '18' }, 'maxZoom', /整数/],
      [{ subdomains: 'a,b' }, 'subdomains', /字母或数字/],
      [{ subdomains: '' }, 'subdomains', /\{s\}/],
      [{ attribution: 'x'.repeat(301) }, 'attribution', /./],
      [{ overlayUrlTemplate: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?TILEROW={y}' }, 'overlayUrlTemplate', /\{z\}、\{x\}/],
      // Over http only from an origin the pages' Content-Security-Policy admits (IMAGE_ORIGINS or MAP_TILE_URL's).
      [{ urlTemplate: 'http://10.9.9.9/{z}/{x}/{y}.png', overlayUrlTemplate: '', subdomains: '' }, 'urlTemplate', /http:\/\/10\.9\.9\.9 未列入 IMAGE_ORIGINS/],
    ];
    for (const [change, field, message] of cases) {
      const { body } = await request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(tokens.operator)).send({ ...newTiandituSource(), ...change }).expect(400);
      expect(body, JSON.stringify(change)).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(body.message, JSON.stringify(change)).toMatch(message);
      expect(body.message).toContain(field);
    }
    const { body } = await request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(tokens.operator)).send({ coordSystem: 'wgs84', maxZoom: 18 }).expect(400);
    expect(body.field).toBe('urlTemplate');
    expect((await read(tokens.operator)).from).toBe('environment');
  });
});
