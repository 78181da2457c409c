import { describe, expect, it } from 'vitest';
import { HEALTHY, nextTileHealth, type TileEvent } from './tile-health';

const run = (events: TileEvent[]) => events.reduce(nextTileHealth, HEALTHY);

describe('tiles judged from their events', () => {
  it('are down when a whole view of tiles failed', () => {
    expect(run(['loading', 'tileerror', 'tileerror', 'load']).down).toBe(true);
  });

  it('are down after three failures with none loaded, without waiting for the rest', () => {
    expect(run(['loading', 'tileerror', 'tileerror']).down).toBe(false);
    expect(run(['loading', 'tileerror', 'tileerror', 'tileerror']).down).toBe(true);
  });

  it('are down when a server that does not answer made the view wait too long', () => {
    expect(run(['loading', 'timeout']).down).toBe(true);
  });

  it('are not down when some tiles of the view loaded (a server covering only the township)', () => {
    expect(run(['loading', 'tileerror', 'tileload', 'tileerror', 'tileerror', 'tileerror', 'load']).down).toBe(false);
    expect(run(['loading', 'tileload', 'timeout']).down).toBe(false);
  });

  it('come back as soon as one tile loads, and stay down across views until then', () => {
    const down = run(['loading', 'tileerror', 'load']);
    expect(run(['loading', 'tileerror', 'load', 'loading']).down).toBe(true);
    expect(nextTileHealth(down, 'tileload').down).toBe(false);
  });
});
