/**
 * The base map for each tile kind. A command room may point `localStorage.tiles` at its own tile server
 * (with `localStorage['tiles.kind']` = 'wgs84' or 'gcj02', WGS-84 when absent); that layer then stands in
 * for the built-in one of the same kind.
 */
import { OVERRIDE_KIND_KEY, isTileKind, type TileKind } from './map-projection';

export interface TileSource {
  url: string;
  subdomains: string;
  attribution: string;
  /** Built-in light tiles are darkened to match the console; a custom layer is shown as it is. */
  className: string;
  custom: boolean;
}

const BUILT_IN: Record<TileKind, TileSource> = {
  wgs84: {
    url: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    subdomains: 'abc',
    attribution: '&copy; OpenStreetMap contributors',
    className: 'dimmed-tiles',
    custom: false,
  },
  gcj02: {
    url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    subdomains: '1234',
    attribution: '&copy; 高德地图 AutoNavi',
    className: 'dimmed-tiles',
    custom: false,
  },
};

/** The custom layer, if one is configured, and the kind it declares. */
function override(): { url: string; kind: TileKind } | null {
  const url = localStorage.getItem('tiles');
  if (!url) return null;
  const declared = localStorage.getItem(OVERRIDE_KIND_KEY);
  return { url, kind: isTileKind(declared) ? declared : 'wgs84' };
}

export function tileSource(kind: TileKind): TileSource {
  const custom = override();
  if (custom?.kind === kind) return { url: custom.url, subdomains: 'abc', attribution: '', className: '', custom: true };
  return BUILT_IN[kind];
}
