/**
 * The base map of a township: where its tiles come from and in which datum they are drawn. Set per
 * township by an operator (PUT), else by the environment (MAP_TILE_*), else OpenStreetMap. Every page
 * with a map reads it at start; every point the hub sends stays WGS-84 and is shifted on the page only
 * when the tiles are GCJ-02 (Gaode, Tencent). 天地图 draws in CGCS2000, which is WGS-84 within a metre.
 */

/** The datum of a tile source's streets. */
export const TILE_COORD_SYSTEMS = ['wgs84', 'gcj02'] as const;
export type TileCoordSystem = (typeof TILE_COORD_SYSTEMS)[number];

/** Where a township's tile source was set. */
export const MAP_TILES_ORIGINS = ['township', 'environment', 'built-in'] as const;
export type MapTilesOrigin = (typeof MAP_TILES_ORIGINS)[number];

/** A tile source as Leaflet takes it: `{z}`, `{x}`, `{y}` (or `{-y}` for TMS) and optionally `{s}` in the URL. */
export interface MapTileSource {
  /** http(s) URL template, e.g. `https://t{s}.tianditu.gov.cn/vec_w/wmts?...&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`. */
  urlTemplate: string;
  coordSystem: TileCoordSystem;
  /** Plain text shown in the map corner (not HTML). */
  attribution: string;
  /** The deepest zoom the server has tiles for (1-22). */
  maxZoom: number;
  /** One character per subdomain put into `{s}`, e.g. `abc` or `01234567`; empty when the URL has no `{s}`. */
  subdomains: string;
  /**
   * A transparent layer drawn over the base (天地图's street names `cva_w` over its `vec_w` roads), same
   * placeholders, subdomains and datum; empty for none.
   */
  overlayUrlTemplate: string;
}

/** A PUT: attribution, subdomains and overlay may be left out (empty). */
export type MapTilesRequest = Omit<MapTileSource, 'attribution' | 'subdomains' | 'overlayUrlTemplate'> & Partial<Pick<MapTileSource, 'attribution' | 'subdomains' | 'overlayUrlTemplate'>>;

export interface MapTilesView extends MapTileSource {
  from: MapTilesOrigin;
  /** When an operator last set the township's source; null when it comes from the environment or is built in. */
  updatedAt: string | null;
}

/** OpenStreetMap: the source when neither the township nor the environment names one. */
export const BUILT_IN_MAP_TILES: MapTileSource = {
  urlTemplate: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
  coordSystem: 'wgs84',
  attribution: '© OpenStreetMap contributors',
  maxZoom: 19,
  subdomains: 'abc',
  overlayUrlTemplate: '',
};

export const MAP_TILES_API = {
  /** GET (every signed-in role) and PUT (operator) the township's tile source; DELETE returns to the environment's. */
  mapTiles: '/api/township/map-tiles',
} as const;

/**
 * The tile server as a person may be shown it: scheme and host of the template with its first subdomain,
 * without path or query (a 天地图 key `tk` sits in the query and must not be put on screen).
 */
export function tileServerOf(urlTemplate: string, subdomains = ''): string {
  const server = /^[a-z]+:\/\/[^/?#]+/i.exec(urlTemplate)?.[0] ?? urlTemplate.split(/[?#]/)[0];
  return subdomains ? server.replace(/\{s\}/g, subdomains[0]) : server;
}
