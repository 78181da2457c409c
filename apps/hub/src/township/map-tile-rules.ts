/**
 * What makes a tile source usable, checked alike for the environment (MAP_TILE_*) and the operator's
 * PUT: a pure function naming the first wrong field in both languages.
 */
import { TILE_COORD_SYSTEMS, type MapTileSource } from '@xiaonao/contracts';

export interface MapTileProblem {
  field: keyof MapTileSource;
  zh: string;
  en: string;
}

export const MAX_TILE_URL_LENGTH = 2_000;
export const MAX_ATTRIBUTION_LENGTH = 300;
export const MAX_SUBDOMAINS = 16;
export const MAX_TILE_ZOOM = 22;

const SUBDOMAINS = /^[A-Za-z0-9]*$/;

function urlProblem(template: string): Omit<MapTileProblem, 'field'> | null {
  if (template.length === 0) return { zh: '不能为空', en: 'must not be empty' };
  if (template.length > MAX_TILE_URL_LENGTH) return { zh: `不能超过 ${MAX_TILE_URL_LENGTH} 个字符`, en: `must be at most ${MAX_TILE_URL_LENGTH} characters` };
  if (!/^https?:\/\//i.test(template)) return { zh: '须以 http:// 或 https:// 开头', en: 'must start with http:// or https://' };
  const missing = ['{z}', '{x}'].filter((p) => !template.includes(p));
  if (!template.includes('{y}') && !template.includes('{-y}')) missing.push('{y}');
  if (missing.length) return { zh: `须包含 ${missing.join('、')} 占位符`, en: `must contain the placeholder${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  // The template with sample values must be a URL: a stray space or a bad host is caught here, not at every tile.
  const sample = template.replace(/\{s\}/g, 'a').replace(/\{-?[a-z]+\}/gi, '1');
  let parsed: URL;
  try {
    parsed = new URL(sample);
  } catch {
    return { zh: '不是有效的网址模板', en: 'is not a valid URL template' };
  }
  if (!parsed.hostname) return { zh: '缺少主机名', en: 'has no host name' };
  return null;
}

/** The first thing wrong with `source`, or null when it can be used. */
export function mapTileProblem(source: MapTileSource): MapTileProblem | null {
  const url = urlProblem(source.urlTemplate);
  if (url) return { field: 'urlTemplate', ...url };
  const overlay = source.overlayUrlTemplate ? urlProblem(source.overlayUrlTemplate) : null;
  if (overlay) return { field: 'overlayUrlTemplate', ...overlay };
  if (!(TILE_COORD_SYSTEMS as readonly string[]).includes(source.coordSystem))
    return { field: 'coordSystem', zh: `须为 ${TILE_COORD_SYSTEMS.join(' 或 ')}（天地图用 wgs84）`, en: `must be ${TILE_COORD_SYSTEMS.join(' or ')} (wgs84 for Tianditu)` };
  if (source.attribution.length > MAX_ATTRIBUTION_LENGTH)
    return { field: 'attribution', zh: `不能超过 ${MAX_ATTRIBUTION_LENGTH} 个字符`, en: `must be at most ${MAX_ATTRIBUTION_LENGTH} characters` };
  if (!Number.isInteger(source.maxZoom) || source.maxZoom < 1 || source.maxZoom > MAX_TILE_ZOOM)
    return { field: 'maxZoom', zh: `须为 1 到 ${MAX_TILE_ZOOM} 的整数`, en: `must be an integer from 1 to ${MAX_TILE_ZOOM}` };
  if (!SUBDOMAINS.test(source.subdomains) || source.subdomains.length > MAX_SUBDOMAINS)
    return { field: 'subdomains', zh: `须为不超过 ${MAX_SUBDOMAINS} 个字母或数字（每个字符一个子域）`, en: `must be up to ${MAX_SUBDOMAINS} letters or digits (one subdomain each)` };
  if ((source.urlTemplate.includes('{s}') || source.overlayUrlTemplate.includes('{s}')) && source.subdomains.length === 0)
    return { field: 'subdomains', zh: '网址模板含 {s}，须给出子域', en: 'the URL template has {s}: subdomains are needed' };
  return null;
}

/** The origins tiles of `source` come from: one per subdomain put into `{s}`. */
export function tileOrigins(source: MapTileSource): string[] {
  const origins = new Set<string>();
  for (const template of [source.urlTemplate, source.overlayUrlTemplate].filter(Boolean)) {
    const hosts = template.includes('{s}') && source.subdomains ? [...source.subdomains] : [''];
    for (const sub of hosts) {
      try {
        origins.add(new URL(template.replace(/\{s\}/g, sub).replace(/\{-?[a-z]+\}/gi, '1')).origin);
      } catch {
        // Not a URL: mapTileProblem says so.
      }
    }
  }
  return [...origins];
}

/** The http origins of `source`: the pages' Content-Security-Policy admits images over http only from listed origins. */
export function plainHttpTileOrigins(source: MapTileSource): string[] {
  return tileOrigins(source).filter((o) => o.startsWith('http:'));
}

/**
 * An http tile server the pages may not load images from: its origin must be in IMAGE_ORIGINS (or be
 * the environment's MAP_TILE_URL), or every tile would be blocked by the browser.
 */
export function blockedOriginProblem(source: MapTileSource, allowed: readonly string[]): MapTileProblem | null {
  const blocked = plainHttpTileOrigins(source).filter((o) => !allowed.includes(o));
  if (!blocked.length) return null;
  return {
    field: 'urlTemplate',
    zh: `http 瓦片服务器 ${blocked.join('、')} 未列入 IMAGE_ORIGINS，页面无法加载其图片（请改用 https 或将其加入 IMAGE_ORIGINS）`,
    en: `the http tile server ${blocked.join(', ')} is not in IMAGE_ORIGINS, so pages may not load its images (use https or add it to IMAGE_ORIGINS)`,
  };
}
