/**
 * A township's base map: its own when an operator set one, else the environment's, else OpenStreetMap.
 * Replaced as a whole (a half-changed source points at tiles that do not exist).
 */
import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_MAP_TILES, type MapTileSource, type MapTilesRequest, type MapTilesView, type SessionUser, type TileCoordSystem } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import { blockedOriginProblem, mapTileProblem, plainHttpTileOrigins } from './map-tile-rules';

interface Row {
  url_template: string;
  coord_system: TileCoordSystem;
  attribution: string;
  max_zoom: number;
  subdomains: string;
  overlay_url_template: string;
  updated_at: Date;
}

@Injectable()
export class MapTiles {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async get(user: SessionUser): Promise<MapTilesView> {
    const [row] = await this.db.query<Row>(
      'SELECT url_template, coord_system, attribution, max_zoom, subdomains, overlay_url_template, updated_at FROM township_map_tiles WHERE township_id = $1',
      [user.townshipId],
    );
    if (row) {
      return {
        urlTemplate: row.url_template,
        coordSystem: row.coord_system,
        attribution: row.attribution,
        maxZoom: row.max_zoom,
        subdomains: row.subdomains,
        overlayUrlTemplate: row.overlay_url_template,
        from: 'township',
        updatedAt: row.updated_at.toISOString(),
      };
    }
    const env = this.config.mapTiles;
    return { ...(env ?? BUILT_IN_MAP_TILES), from: env ? 'environment' : 'built-in', updatedAt: null };
  }

  async set(user: SessionUser, req: MapTilesRequest): Promise<MapTilesView> {
    const source: MapTileSource = {
      urlTemplate: req.urlTemplate.trim(),
      coordSystem: req.coordSystem,
      attribution: req.attribution ?? '',
      maxZoom: req.maxZoom,
      subdomains: req.subdomains ?? '',
      overlayUrlTemplate: (req.overlayUrlTemplate ?? '').trim(),
    };
    const allowed = [...this.config.security.imageOrigins, ...(this.config.mapTiles ? plainHttpTileOrigins(this.config.mapTiles) : [])];
    const problem = mapTileProblem(source) ?? blockedOriginProblem(source, allowed);
    if (problem) throw new DomainError('INVALID_INPUT', `字段 ${problem.field} 无效：${problem.zh}`, `Field ${problem.field} is invalid: ${problem.en}`, problem.field);
    await this.db.query(
      `INSERT INTO township_map_tiles (township_id, url_template, coord_system, attribution, max_zoom, subdomains, overlay_url_template, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)
       ON CONFLICT (township_id) DO UPDATE SET url_template = $2, coord_system = $3, attribution = $4, max_zoom = $5, subdomains = $6, overlay_url_template = $7, updated_at = now(), updated_by = $8`,
      [user.townshipId, source.urlTemplate, source.coordSystem, source.attribution, source.maxZoom, source.subdomains, source.overlayUrlTemplate, `${user.role}:${user.username}`],
    );
    return this.get(user);
  }

  /** Back to the environment's source (or OpenStreetMap). */
  async reset(user: SessionUser): Promise<MapTilesView> {
    await this.db.query('DELETE FROM township_map_tiles WHERE township_id = $1', [user.townshipId]);
    return this.get(user);
  }
}
