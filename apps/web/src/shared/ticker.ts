/** One once-a-second heartbeat per page, for clocks and countdowns, in the hub's time. */
import { serverNow } from './server-clock';

type Tick = (now: number) => void;

const ticks = new Set<Tick>();
let started = false;

function loop(): void {
  const now = serverNow();
  for (const tick of ticks) tick(now);
  setTimeout(loop, 1000 - (Date.now() % 1000) + 5);
}

export function everySecond(tick: Tick): void {
  ticks.add(tick);
  tick(serverNow());
  if (!started) {
    started = true;
    setTimeout(loop, 1000 - (Date.now() % 1000) + 5);
  }
}
