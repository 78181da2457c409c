import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('a limiter of two', () => {
  it('runs at most two tasks at once, the others in arrival order, even when one fails', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      if (n === 1) throw new Error('one');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => limiter.run(task(n))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(limiter.queued).toBe(0);
  });

  it('refuses a size below one', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
