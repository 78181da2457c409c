/**
 * Links that open the site in the navigation apps grid workers already use. The hub keeps WGS-84;
 * Amap (高德) reads GCJ-02 and Baidu (百度) BD-09, each hundreds of metres off WGS-84 in China, so the
 * point is converted with gcoord first. Parameters follow the providers' public URI APIs:
 * Amap `uri.amap.com/navigation` (to=lon,lat,name; mode; coordinate=gaode; callnative=1 opens the app),
 * Baidu `baidumap://map/direction` (destination=latlng:lat,lng|name:…; coord_type; mode; src) with the
 * web page `api.map.baidu.com/direction?…&output=html` when the app is not installed.
 */
import gcoord from 'gcoord';
import type { LngLat } from '@xiaonao/contracts';

/** Who opens the link, as the providers ask callers to say. */
export const NAV_SOURCE = 'xiaonao.phone';

/** Six decimals: about 0.1 m, what both providers take. */
const fixed = (n: number) => n.toFixed(6);

/** A name is shown in the app; the separators of the URI formats must not appear in it. */
const cleanName = (name: string) => name.replace(/[|,:]/g, ' ').trim().slice(0, 60) || '事件现场';

export function toGcj02(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

export function toBd09(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.BD09);
  return { lng, lat };
}

/** Amap's navigation page; on a phone with Amap installed it opens the app (callnative=1). */
export function amapNavigationUrl(site: LngLat, name: string): string {
  const to = toGcj02(site);
  const query = new URLSearchParams({
    to: `${fixed(to.lng)},${fixed(to.lat)},${cleanName(name)}`,
    mode: 'car',
    coordinate: 'gaode',
    callnative: '1',
    src: NAV_SOURCE,
  });
  return `https://uri.amap.com/navigation?${query.toString()}`;
}

export interface BaiduLinks {
  /** Opens the Baidu Maps app. */
  app: string;
  /** Baidu's route page, when the app is not there. */
  web: string;
}

/** Baidu Maps directions to the site (riding: grid workers mostly go by e-bike), from `from` when known. */
export function baiduNavigationUrls(site: LngLat, name: string, from?: LngLat): BaiduLinks {
  const to = toBd09(site);
  const destination = `latlng:${fixed(to.lat)},${fixed(to.lng)}|name:${cleanName(name)}`;
  const app = new URLSearchParams({ destination, coord_type: 'bd09ll', mode: 'riding', src: NAV_SOURCE });
  const web = new URLSearchParams({ destination, coord_type: 'bd09ll', mode: 'riding', output: 'html', src: NAV_SOURCE });
  if (from) {
    const start = toBd09(from);
    web.set('origin', `latlng:${fixed(start.lat)},${fixed(start.lng)}|name:我的位置`);
  }
  return { app: `baidumap://map/direction?${app.toString()}`, web: `https://api.map.baidu.com/direction?${web.toString()}` };
}
