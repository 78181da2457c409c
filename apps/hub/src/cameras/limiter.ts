/**
 * At most `size` tasks at once, the rest waiting in arrival order. Cases opened by a storm's first
 * alerts go through it: each holds a pooled connection (and waits on its category's lock inside
 * IncidentCreator), and hundreds at once would leave none for the alerts themselves.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`limiter size must be at least 1, got ${size}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so `active` never dips and lets a newcomer jump ahead.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
