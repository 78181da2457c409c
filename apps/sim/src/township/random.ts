/**
 * A small seeded PRNG (mulberry32) so the demo township and the simulator's choices repeat for a seed.
 * Not for anything secret: 32 bits of state, fast, and good enough to scatter points and pick names.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer uniform in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly { item: T; weight: number }[]): T;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const random: Random = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick: no items to pick from');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (items) => {
      const total = items.reduce((sum, { weight }) => sum + Math.max(0, weight), 0);
      if (!(total > 0)) throw new Error('weighted: no item has a positive weight');
      let left = next() * total;
      for (const { item, weight } of items) {
        left -= Math.max(0, weight);
        if (left < 0) return item;
      }
      return items[items.length - 1].item;
    },
  };
  return random;
}
