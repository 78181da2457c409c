/** Every timer the simulator sets, in one place, so stopping it leaves no handle behind. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  /** Runs `fn` once after `ms`; returns a cancel function. Does nothing once stopped. */
  after(ms: number, fn: () => void): () => void {
    if (this.stopped) return () => undefined;
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      if (!this.stopped) fn();
    }, ms);
    this.pending.add(handle);
    return () => {
      clearTimeout(handle);
      this.pending.delete(handle);
    };
  }

  every(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const handle = setInterval(() => {
      if (!this.stopped) fn();
    }, ms);
    this.pending.add(handle);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    // Node's clearTimeout clears intervals too: both are Timeout objects.
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
