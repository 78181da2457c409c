/**
 * Whether a map's tiles are coming in, judged from Leaflet's tile events. One view's worth of tiles is a
 * cycle ('loading' … 'load'): the tiles are down when a cycle ends, or has failed a few times, or has
 * waited too long, with not one tile loaded. A few missing tiles beside loaded ones (a private GIS that
 * covers only the township) are not an outage. Any tile that loads ends it.
 */
export type TileEvent = 'loading' | 'tileload' | 'tileerror' | 'load' | 'timeout';

export interface TileHealth {
  /** Tiles loaded and failed in the current cycle. */
  loaded: number;
  failed: number;
  down: boolean;
}

/** Failures in a cycle, none loaded, after which the notice need not wait for the slow rest. */
export const FAILURES_BEFORE_CYCLE_END = 3;

export const HEALTHY: TileHealth = { loaded: 0, failed: 0, down: false };

export function nextTileHealth(health: TileHealth, event: TileEvent): TileHealth {
  switch (event) {
    case 'loading':
      return { loaded: 0, failed: 0, down: health.down };
    case 'tileload':
      return { loaded: health.loaded + 1, failed: health.failed, down: false };
    case 'tileerror': {
      const failed = health.failed + 1;
      return { loaded: health.loaded, failed, down: health.down || (health.loaded === 0 && failed >= FAILURES_BEFORE_CYCLE_END) };
    }
    case 'load':
      return { ...health, down: health.loaded === 0 ? health.failed > 0 || health.down : false };
    case 'timeout':
      return { ...health, down: health.down || health.loaded === 0 };
  }
}
