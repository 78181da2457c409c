import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { distanceMeters } from '@xiaonao/domain';
import { amapNavigationUrl, baiduNavigationUrls, NAV_SOURCE } from './navigation-links';

/** A site in Hezhuang (WGS-84, as the hub keeps it). */
const site = { lng: 120.5255, lat: 30.2895 };

function lngLat(lng: string, lat: string) {
  return { lng: Number(lng), lat: Number(lat) };
}

describe('the Amap navigation link', () => {
  const url = new URL(amapNavigationUrl(site, '新围村12组35号'));
  const [lng, lat, name] = (url.searchParams.get('to') ?? '').split(',');

  it('goes to the site in GCJ-02, as gcoord converts it', () => {
    const [gLng, gLat] = gcoord.transform([site.lng, site.lat], gcoord.WGS84, gcoord.GCJ02);
    expect(Number(lng)).toBeCloseTo(gLng, 6);
    expect(Number(lat)).toBeCloseTo(gLat, 6);
    // The shift is real: hundreds of metres, which is why the conversion matters.
    expect(distanceMeters(site, lngLat(lng, lat))).toBeGreaterThan(100);
    expect(name).toBe('新围村12组35号');
  });

  it('asks for car navigation in Amap coordinates, opening the app when present', () => {
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/navigation');
    expect(url.searchParams.get('mode')).toBe('car');
    expect(url.searchParams.get('coordinate')).toBe('gaode');
    expect(url.searchParams.get('callnative')).toBe('1');
    expect(url.searchParams.get('src')).toBe(NAV_SOURCE);
  });
});

describe('the Baidu navigation links', () => {
  const links = baiduNavigationUrls(site, '新围村|12组', { lng: 120.52, lat: 30.285 });
  const app = new URL(links.app);
  const web = new URL(links.web);
  const [bLng, bLat] = gcoord.transform([site.lng, site.lat], gcoord.WGS84, gcoord.BD09);

  it('opens the app with the site in BD-09, latitude first', () => {
    expect(links.app.startsWith('baidumap://map/direction?')).toBe(true);
    const match = /^latlng:([\d.]+),([\d.]+)\|name:(.+)$/.exec(app.searchParams.get('destination') ?? '');
    expect(match).not.toBeNull();
    const [, lat, lng, name] = match ?? [];
    expect(Number(lat)).toBeCloseTo(bLat, 6);
    expect(Number(lng)).toBeCloseTo(bLng, 6);
    // The format's separator cannot appear inside the name.
    expect(name).toBe('新围村 12组');
    expect(app.searchParams.get('coord_type')).toBe('bd09ll');
    expect(app.searchParams.get('mode')).toBe('riding');
    expect(app.searchParams.get('src')).toBe(NAV_SOURCE);
  });

  it('falls back to the web page with the same destination and the worker as origin', () => {
    expect(web.origin + web.pathname).toBe('https://api.map.baidu.com/direction');
    expect(web.searchParams.get('output')).toBe('html');
    expect(web.searchParams.get('destination')).toBe(app.searchParams.get('destination'));
    const [oLng, oLat] = gcoord.transform([120.52, 30.285], gcoord.WGS84, gcoord.BD09);
    expect(web.searchParams.get('origin')).toBe(`latlng:${oLat.toFixed(6)},${oLng.toFixed(6)}|name:我的位置`);
  });
});
