import { describe, expect, it } from 'vitest';
import { assertTiles, blockPolygon, buildLattice, type LatticeSpec } from './lattice';
import { createRandom } from './random';

const spec: LatticeSpec = {
  west: 120.5,
  south: 30.27,
  east: 120.54,
  north: 30.3,
  columnWeights: [1, 1, 1],
  rowWeights: [1, 2],
  jitterShare: 0.2,
  northEdgeWaveShare: 0.1,
};

function signedArea(ring: [number, number][]): number {
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return twice / 2;
}

describe('a jittered lattice partition', () => {
  it('keeps the west, south and east edges straight while inner vertices move', () => {
    const lattice = buildLattice(spec, createRandom(3));
    expect(lattice.vertex(0, 1).lng).toBe(120.5);
    expect(lattice.vertex(3, 1).lng).toBe(120.54);
    expect(lattice.vertex(2, 0).lat).toBe(30.27);
    expect(lattice.vertex(1, 1)).not.toEqual({ lng: 120.513333, lat: 30.28 });
  });

  it('traces a block counter-clockwise through every vertex on its outline, closed', () => {
    const lattice = buildLattice(spec, createRandom(3));
    const [ring] = blockPolygon(lattice, { col: 0, row: 0, cols: 2, rows: 1 });
    // 2 × 1 cells: 6 vertices on the outline, plus the closing point.
    expect(ring).toHaveLength(7);
    expect(ring[6]).toEqual(ring[0]);
    expect(signedArea(ring)).toBeGreaterThan(0);
  });

  it('makes neighbours share the very same edge vertices', () => {
    const lattice = buildLattice(spec, createRandom(3));
    const [left] = blockPolygon(lattice, { col: 0, row: 0, cols: 1, rows: 2 });
    const [right] = blockPolygon(lattice, { col: 1, row: 0, cols: 2, rows: 2 });
    const key = ([lng, lat]: [number, number]) => `${lng},${lat}`;
    const shared = left.map(key).filter((k) => right.map(key).includes(k));
    expect(new Set(shared).size).toBe(3);
  });

  it('refuses blocks that overlap, leave a gap or leave the lattice', () => {
    expect(() => assertTiles(2, 1, [{ col: 0, row: 0, cols: 1, rows: 1 }])).toThrow('no block covers cell (1, 0)');
    expect(() => assertTiles(2, 1, [{ col: 0, row: 0, cols: 2, rows: 1 }, { col: 1, row: 0, cols: 1, rows: 1 }])).toThrow(
      'blocks 0 and 1 both cover cell (1, 0)',
    );
    expect(() => assertTiles(1, 1, [{ col: 0, row: 0, cols: 2, rows: 1 }])).toThrow('block 0 leaves the lattice at cell (1, 0)');
  });

  it('refuses a jitter large enough to fold cells', () => {
    expect(() => buildLattice({ ...spec, jitterShare: 0.4 }, createRandom(1))).toThrow('jitterShare must be between 0 and 0.24, got 0.4');
  });
});
