import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue';

describe('the simulation agenda', () => {
  it('gives events back in time order, same-time events in the order they were scheduled', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const queue = new EventQueue<number>();
        times.forEach((t, i) => queue.push(t, i));
        const out: number[] = [];
        for (let next = queue.pop(); next; next = queue.pop()) out.push(next.event);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('refuses a time that is not a number', () => {
    expect(() => new EventQueue<string>().push(Number.NaN, 'x')).toThrow('EventQueue.push: time must be finite, got NaN');
  });
});
