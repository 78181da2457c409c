/**
 * The hub's SQL statements by step (xiaonao_db_statements_by_step: signature, intake, dispatch, relay,
 * their taps…), read from its metrics listener. A count is taken between two quiet moments: the steps
 * a case set going (the relay after the offer, its taps) finish before the second reading.
 */
export type StepCounts = Map<string, number>;

const LINE = /^xiaonao_db_statements_by_step\{step="([^"]+)"\} (\d+)/gm;

export async function readSteps(metricsUrl: string): Promise<StepCounts> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: StepCounts = new Map();
  for (const m of text.matchAll(LINE)) counts.set(m[1], Number(m[2]));
  return counts;
}

const same = (a: StepCounts, b: StepCounts) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * The counts of the steps `watched` picks once none of them has moved for `quietMs` (the hub's periodic
 * work, the pager and the scrapes themselves go on and are not waited for).
 */
export async function settledSteps(metricsUrl: string, watched: (step: string) => boolean, quietMs = 150, deadlineMs = 30_000): Promise<StepCounts> {
  const pick = (c: StepCounts) => new Map([...c].filter(([k]) => watched(k)));
  const until = Date.now() + deadlineMs;
  let last = pick(await readSteps(metricsUrl));
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = pick(await readSteps(metricsUrl));
    if (same(now, last) || Date.now() > until) return now;
    last = now;
  }
}

/** after − before, per step, only the steps that moved. */
export function stepDelta(before: StepCounts, after: StepCounts): StepCounts {
  const out: StepCounts = new Map();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d) out.set(k, d);
  }
  return out;
}

/** Sums of several deltas, per step. */
export function addSteps(into: StepCounts, more: StepCounts): void {
  for (const [k, v] of more) into.set(k, (into.get(k) ?? 0) + v);
}
