/**
 * The environment's tile source (MAP_TILE_*), the default of every township that has not set its own.
 * Read once at boot; a bad value stops the start with the variable's name.
 */
import type { MapTileSource, TileCoordSystem } from '@xiaonao/contracts';
import { ConfigError } from '../config/config-error';
import { integerSetting, type Env } from '../config/env-values';
import { mapTileProblem } from './map-tile-rules';

const VARIABLES: Record<keyof MapTileSource, string> = {
  urlTemplate: 'MAP_TILE_URL',
  coordSystem: 'MAP_TILE_COORD_SYSTEM',
  attribution: 'MAP_TILE_ATTRIBUTION',
  maxZoom: 'MAP_TILE_MAX_ZOOM',
  subdomains: 'MAP_TILE_SUBDOMAINS',
  overlayUrlTemplate: 'MAP_TILE_OVERLAY_URL',
};

/** The environment's source, or null when MAP_TILE_URL is unset (then OpenStreetMap is built in). */
export function parseMapTilesConfig(env: Env): MapTileSource | null {
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  const url = env.MAP_TILE_URL;
  if (url === undefined || url === '') {
    const stray = Object.values(VARIABLES).find(set);
    if (stray) throw new ConfigError(`${stray} 需与 MAP_TILE_URL 一起设置 / ${stray} is set but MAP_TILE_URL is not`);
    return null;
  }
  const source: MapTileSource = {
    urlTemplate: url,
    coordSystem: (env.MAP_TILE_COORD_SYSTEM || 'wgs84').toLowerCase() as TileCoordSystem,
    attribution: env.MAP_TILE_ATTRIBUTION ?? '',
    maxZoom: set('MAP_TILE_MAX_ZOOM') ? integerSetting('MAP_TILE_MAX_ZOOM', env.MAP_TILE_MAX_ZOOM ?? '', 1) : 18,
    // A template with {s} and no subdomains named: Leaflet's own default.
    subdomains: env.MAP_TILE_SUBDOMAINS ?? (url.includes('{s}') ? 'abc' : ''),
    overlayUrlTemplate: env.MAP_TILE_OVERLAY_URL ?? '',
  };
  const problem = mapTileProblem(source);
  if (problem) throw new ConfigError(`${VARIABLES[problem.field]}：${problem.zh} / ${VARIABLES[problem.field]} ${problem.en}, got "${String(source[problem.field])}"`);
  return source;
}
