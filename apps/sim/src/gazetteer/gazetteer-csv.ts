/**
 * Writes the demo gazetteer as township staff would receive it: a CSV with Chinese headers and
 * GCJ-02 coordinates, the system of the Chinese map services such lists are usually drawn on.
 */
import gcoord from 'gcoord';
import { PLACE_KIND_LABELS, type CoordSystem } from '@xiaonao/contracts';
import type { DemoPlace } from './demo-places';

export const DEMO_GAZETTEER_COORDS: CoordSystem = 'GCJ02';

const HEADER = ['类型', '名称', '地址', '别名', '经度', '纬度'];
/** Six decimals are about 0.1 m, finer than any door plate. */
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gazetteerCsv(places: readonly DemoPlace[]): string {
  const rows = places.map((p) => {
    const [lng, lat] = gcoord.transform([p.location.lng, p.location.lat], gcoord.WGS84, gcoord.GCJ02);
    return [PLACE_KIND_LABELS[p.kind].zh, p.name, p.address, p.aliases.join('；'), round6(lng), round6(lat)].map(cell).join(',');
  });
  return [HEADER.join(','), ...rows].join('\n') + '\n';
}
