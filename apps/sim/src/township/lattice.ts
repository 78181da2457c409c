/**
 * A jittered lattice partition: one lattice of shared vertices, jittered once, and each grid is the
 * outline of a rectangular block of lattice cells. Neighbours trace the very same vertices, so they
 * share edges exactly: no overlaps, no slivers, no gaps.
 */
import type { LngLat, PolygonCoordinates } from '@xiaonao/contracts';
import type { Random } from './random';

export interface LatticeSpec {
  west: number;
  south: number;
  east: number;
  north: number;
  /** Relative column widths, west to east; narrow columns make small grids. */
  columnWeights: readonly number[];
  /** Relative row heights, south to north. */
  rowWeights: readonly number[];
  /**
   * How far a vertex may move, as a share of the narrower neighbouring spacing. Below 0.25 every cell
   * stays a convex quadrilateral, so blocks never fold over their neighbours.
   */
  jitterShare: number;
  /** The north edge follows a river bank: its vertices also move north and south by this share. */
  northEdgeWaveShare: number;
}

/** A block of cells: columns [col, col + cols) and rows [row, row + rows). */
export interface Block {
  col: number;
  row: number;
  cols: number;
  rows: number;
}

export interface Lattice {
  columns: number;
  rows: number;
  /** vertex(i, j) for i in 0..columns, j in 0..rows. */
  vertex(i: number, j: number): LngLat;
}

const MAX_JITTER_SHARE = 0.24;

/** Six decimals is ~0.1 m; rounding once here keeps shared vertices identical in every ring. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

function cumulative(weights: readonly number[], from: number, to: number): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const lines = [from];
  let acc = 0;
  for (const weight of weights) {
    acc += weight;
    lines.push(from + ((to - from) * acc) / total);
  }
  return lines;
}

export function buildLattice(spec: LatticeSpec, random: Random): Lattice {
  if (spec.jitterShare < 0 || spec.jitterShare > MAX_JITTER_SHARE) {
    throw new Error(`jitterShare must be between 0 and ${MAX_JITTER_SHARE}, got ${spec.jitterShare}`);
  }
  const xs = cumulative(spec.columnWeights, spec.west, spec.east);
  const ys = cumulative(spec.rowWeights, spec.south, spec.north);
  const columns = spec.columnWeights.length;
  const rows = spec.rowWeights.length;
  const spacing = (lines: number[], k: number): number =>
    Math.min(k > 0 ? lines[k] - lines[k - 1] : Infinity, k < lines.length - 1 ? lines[k + 1] - lines[k] : Infinity);

  const vertices: LngLat[][] = [];
  for (let i = 0; i <= columns; i++) {
    const column: LngLat[] = [];
    for (let j = 0; j <= rows; j++) {
      const onWestOrEast = i === 0 || i === columns;
      const onSouth = j === 0;
      const onNorth = j === rows;
      const dx = spacing(xs, i) * spec.jitterShare;
      const dy = spacing(ys, j) * (onNorth ? spec.northEdgeWaveShare : spec.jitterShare);
      // Outer edges only slide along themselves, so the township keeps its outline; the north edge waves.
      const lng = onWestOrEast ? xs[i] : xs[i] + random.between(-dx, dx);
      const lat = onSouth || (onWestOrEast && !onNorth) ? ys[j] : ys[j] + random.between(-dy, dy);
      column.push({ lng: round6(lng), lat: round6(lat) });
    }
    vertices.push(column);
  }
  return { columns, rows, vertex: (i, j) => vertices[i][j] };
}

/** The block's outline as a closed GeoJSON ring, counter-clockwise (RFC 7946), through every lattice vertex on it. */
export function blockPolygon(lattice: Lattice, block: Block): PolygonCoordinates {
  const { col, row, cols, rows } = block;
  const path: LngLat[] = [];
  for (let i = col; i < col + cols; i++) path.push(lattice.vertex(i, row));
  for (let j = row; j < row + rows; j++) path.push(lattice.vertex(col + cols, j));
  for (let i = col + cols; i > col; i--) path.push(lattice.vertex(i, row + rows));
  for (let j = row + rows; j > row; j--) path.push(lattice.vertex(col, j));
  const ring: [number, number][] = path.map(({ lng, lat }) => [lng, lat]);
  ring.push([...ring[0]]);
  return [ring];
}

/** Throws unless the blocks cover the columns × rows cells exactly once each. */
export function assertTiles(columns: number, rows: number, blocks: readonly Block[]): void {
  const owner: (number | undefined)[] = new Array<number | undefined>(columns * rows);
  blocks.forEach((block, index) => {
    for (let i = block.col; i < block.col + block.cols; i++) {
      for (let j = block.row; j < block.row + block.rows; j++) {
        if (i < 0 || j < 0 || i >= columns || j >= rows) throw new Error(`block ${index} leaves the lattice at cell (${i}, ${j})`);
        const cell = j * columns + i;
        if (owner[cell] !== undefined) throw new Error(`blocks ${owner[cell]} and ${index} both cover cell (${i}, ${j})`);
        owner[cell] = index;
      }
    }
  });
  const gap = owner.findIndex((o) => o === undefined);
  if (gap >= 0) throw new Error(`no block covers cell (${gap % columns}, ${Math.floor(gap / columns)})`);
}
