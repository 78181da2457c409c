/**
 * The base map for each tile kind. The township's source (GET /api/township/map-tiles: set by the
 * command room, else by the hub's MAP_TILE_* environment) stands in for the built-in layer of its
 * datum, and its datum is the kind shown until the operator picks another. One browser may still
 * point `localStorage.tiles` at a tile server of its own (with `localStorage['tiles.kind']` = 'wgs84'
 * or 'gcj02', WGS-84 when absent): that wins over both, for that browser only.
 */
import { BUILT_IN_MAP_TILES, MAP_TILES_API, tileServerOf, type MapTilesView } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';
import { OVERRIDE_KIND_KEY, isTileKind, setDefaultTileKind, tileKind, tilesChanged, type TileKind } from './map-projection';

export interface TileSource {
  url: string;
  subdomains: string;
  /** HTML for Leaflet's attribution control: a township's plain text arrives escaped. */
  attribution: string;
  maxZoom: number;
  /** Built-in light tiles are darkened to match the console; a custom layer is shown as it is. */
  className: string;
  custom: boolean;
  /** Scheme and host of the tile server, for the notice when its tiles cannot load (no key, no path). */
  server: string;
  /** A transparent layer over the base (天地图's street names); '' for none. */
  overlay: string;
}

const BUILT_IN: Record<TileKind, TileSource> = {
  wgs84: {
    url: BUILT_IN_MAP_TILES.urlTemplate,
    subdomains: BUILT_IN_MAP_TILES.subdomains,
    attribution: '&copy; OpenStreetMap contributors',
    maxZoom: BUILT_IN_MAP_TILES.maxZoom,
    className: 'dimmed-tiles',
    custom: false,
    server: tileServerOf(BUILT_IN_MAP_TILES.urlTemplate, BUILT_IN_MAP_TILES.subdomains),
    overlay: '',
  },
  gcj02: {
    url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    subdomains: '1234',
    attribution: '&copy; 高德地图 AutoNavi',
    maxZoom: 18,
    className: 'dimmed-tiles',
    custom: false,
    server: 'https://webrd01.is.autonavi.com',
    overlay: '',
  },
};

/** The last township source seen, so a page started offline still asks the right server. */
const CACHE_KEY = 'xiaonao.townshipTiles';

let township: MapTilesView | null = null;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function stored(key: string): string | null {
  return typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
}

/** The custom layer of this browser, if one is configured, and the kind it declares. */
function override(): { url: string; kind: TileKind } | null {
  const url = stored('tiles');
  if (!url) return null;
  const declared = stored(OVERRIDE_KIND_KEY);
  return { url, kind: isTileKind(declared) ? declared : 'wgs84' };
}

export function tileSource(kind: TileKind): TileSource {
  const custom = override();
  if (custom?.kind === kind) return { url: custom.url, subdomains: 'abc', attribution: '', maxZoom: 19, className: '', custom: true, server: tileServerOf(custom.url, 'abc'), overlay: '' };
  if (township && township.from !== 'built-in' && township.coordSystem === kind) {
    return {
      url: township.urlTemplate,
      subdomains: township.subdomains,
      attribution: escapeHtml(township.attribution),
      maxZoom: township.maxZoom,
      className: '',
      custom: true,
      server: tileServerOf(township.urlTemplate, township.subdomains),
      overlay: township.overlayUrlTemplate ?? '',
    };
  }
  return BUILT_IN[kind];
}

/**
 * Takes the township's source: it replaces the built-in layer of its datum and becomes the default kind.
 * Maps already drawn are told (onTileKindChange) when what they show changes.
 */
export function useTownshipTiles(view: MapTilesView): void {
  const previousKind = tileKind();
  const before = JSON.stringify(tileSource(previousKind));
  township = view;
  setDefaultTileKind(view.coordSystem);
  if (tileKind() !== previousKind || JSON.stringify(tileSource(tileKind())) !== before) tilesChanged(previousKind);
}

/**
 * Reads the township's source: the last one seen in this browser at once, then the hub's (maps already
 * drawn change their tiles when it differs). Offline or refused: the cached one, else the built-in
 * layers; the vectors draw either way.
 */
export async function loadTownshipTiles(api: ApiClient): Promise<void> {
  const cached = stored(CACHE_KEY);
  if (cached && !township) {
    try {
      useTownshipTiles(JSON.parse(cached) as MapTilesView);
    } catch {
      // A damaged cache is as good as none.
    }
  }
  try {
    const view = await api.get<MapTilesView>(MAP_TILES_API.mapTiles);
    if (typeof localStorage !== 'undefined') localStorage.setItem(CACHE_KEY, JSON.stringify(view));
    useTownshipTiles(view);
  } catch {
    // Offline or refused: the cached source (if any) stays.
  }
}

/** For tests: forget the township's source. */
export function resetTownshipTilesForTests(): void {
  township = null;
}
