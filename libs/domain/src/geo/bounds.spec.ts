import { describe, expect, it } from 'vitest';
import { boundsOf, withinBounds } from './bounds';

const square: [number, number][][] = [
  [
    [120.5, 30.28],
    [120.51, 30.28],
    [120.51, 30.29],
    [120.5, 30.29],
    [120.5, 30.28],
  ],
];

describe('township bounds', () => {
  it('holds points inside and within the margin, and refuses points beyond it', () => {
    const b = boundsOf([square], 1_000);
    if (!b) throw new Error('no bounds');
    expect(withinBounds({ lng: 120.505, lat: 30.285 }, b)).toBe(true);
    expect(withinBounds({ lng: 120.505, lat: 30.295 }, b)).toBe(true); // ~560 m north
    expect(withinBounds({ lng: 120.505, lat: 30.31 }, b)).toBe(false); // ~2.2 km north
  });

  it('catches a GCJ-02 point sent as WGS-84 only when it lands outside (a few hundred metres is inside a margin)', () => {
    const b = boundsOf([square], 0);
    if (!b) throw new Error('no bounds');
    expect(withinBounds({ lng: 120.4, lat: 30.285 }, b)).toBe(false);
  });

  it('has no bounds without polygons', () => {
    expect(boundsOf([])).toBeNull();
  });
});
