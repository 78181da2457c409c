import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { distanceMeters } from '@xiaonao/domain';
import { fromDisplayAs, onTileKindChange, resetTileKindForTests, setTileKind, tileKind, toDisplay, toDisplayAs, type TileKind } from './map-projection';

/** West Lake, Hangzhou, in WGS-84. */
const hangzhou = { lng: 120.1551, lat: 30.2741 };

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  resetTileKindForTests();
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetTileKindForTests();
});

describe('points over WGS-84 tiles (OpenStreetMap)', () => {
  it('is the default and draws the hub’s points where they are', () => {
    expect(tileKind()).toBe('wgs84');
    expect(toDisplay(hangzhou)).toEqual(hangzhou);
    expect(toDisplayAs('wgs84', hangzhou)).toEqual(hangzhou);
    expect(fromDisplayAs('wgs84', hangzhou)).toEqual(hangzhou);
  });
});

describe('points over GCJ-02 tiles (Gaode)', () => {
  it('shifts a Hangzhou point by a few hundred metres', () => {
    const shifted = toDisplayAs('gcj02', hangzhou);
    const metres = distanceMeters(hangzhou, shifted);
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(800);
    // The GCJ-02 offset around Hangzhou is east and south.
    expect(shifted.lng).toBeGreaterThan(hangzhou.lng);
    expect(shifted.lat).toBeLessThan(hangzhou.lat);
  });

  it('round-trips back to the WGS-84 point within a metre', () => {
    const back = fromDisplayAs('gcj02', toDisplayAs('gcj02', hangzhou));
    expect(distanceMeters(hangzhou, back)).toBeLessThan(1);
  });

  it('applies to every point once chosen, remembers the choice and tells the map', () => {
    const changes: [TileKind, TileKind][] = [];
    onTileKindChange((kind, previous) => changes.push([kind, previous]));
    setTileKind('gcj02');
    expect(tileKind()).toBe('gcj02');
    expect(toDisplay(hangzhou)).toEqual(toDisplayAs('gcj02', hangzhou));
    expect(localStorage.getItem('xiaonao.tileKind')).toBe('gcj02');
    expect(changes).toEqual([['gcj02', 'wgs84']]);

    setTileKind('gcj02');
    expect(changes).toHaveLength(1);

    resetTileKindForTests();
    expect(tileKind()).toBe('gcj02');
  });

  it('starts in the kind a custom tile layer declares when nothing was chosen', () => {
    localStorage.setItem('tiles', 'http://tiles.local/{z}/{x}/{y}.png');
    localStorage.setItem('tiles.kind', 'gcj02');
    expect(tileKind()).toBe('gcj02');
  });
});
