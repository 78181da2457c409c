/**
 * The simulation's agenda: events in time order, and in the order they were scheduled when two fall at
 * the same instant, so that a run never depends on how a heap happens to break ties.
 */
interface Entry<E> {
  at: number;
  seq: number;
  event: E;
}

export class EventQueue<E> {
  private readonly heap: Entry<E>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, event: E): void {
    if (!Number.isFinite(at)) throw new Error(`EventQueue.push: time must be finite, got ${at}`);
    this.heap.push({ at, seq: this.seq++, event });
    this.up(this.heap.length - 1);
  }

  /** The earliest event, or null when none is left. */
  pop(): { at: number; event: E } | null {
    const top = this.heap[0];
    if (!top) return null;
    const last = this.heap.pop() as Entry<E>;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
    return { at: top.at, event: top.event };
  }

  private before(a: Entry<E>, b: Entry<E>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) return;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < h.length && this.before(h[left], h[best])) best = left;
      if (right < h.length && this.before(h[right], h[best])) best = right;
      if (best === i) return;
      [h[i], h[best]] = [h[best], h[i]];
      i = best;
    }
  }
}
