/**
 * How many generated inputs each door was sent, and what became of them, for the closing figures of
 * the junk suites: `JUNK_RUNS=10000 npx vitest run test/e2e/door-text-junk.test.ts test/e2e/socket-junk.test.ts`
 * runs 10,000 per door and prints, per door: tried, 5xx, partial rows, refused, refusals recorded.
 */

/** Inputs per door: small enough for CI by default, `JUNK_RUNS` for the long run. */
export function junkRuns(ci: number): number {
  const n = Number(process.env.JUNK_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ci;
}

/** A test's time budget for `runs` inputs at a door (about 60 ms each, never under a minute). */
export const junkTimeout = (runs: number) => Math.max(60_000, runs * 60);

export interface JunkOutcome {
  /** The answer was a 5xx (or the hub's failure, on a socket). */
  serverError: boolean;
  /** Rows were added although the input was refused. */
  partialRows: boolean;
  /** A 4xx, an error receipt, or `{ ok: false }`. */
  refused: boolean;
  /** The refusal landed where the door keeps them (intake_refusal, or the refusals counter). */
  recorded: boolean;
}

interface DoorTally {
  tried: number;
  serverErrors: number;
  partialRows: number;
  refused: number;
  recorded: number;
}

export class JunkTally {
  private readonly doors = new Map<string, DoorTally>();

  add(door: string, outcome: JunkOutcome): void {
    const t = this.doors.get(door) ?? { tried: 0, serverErrors: 0, partialRows: 0, refused: 0, recorded: 0 };
    t.tried++;
    if (outcome.serverError) t.serverErrors++;
    if (outcome.partialRows) t.partialRows++;
    if (outcome.refused) t.refused++;
    if (outcome.recorded) t.recorded++;
    this.doors.set(door, t);
  }

  /** The table, printed when a long run asked for it (JUNK_RUNS) or JUNK_REPORT is set. */
  print(title: string): void {
    if (!process.env.JUNK_RUNS && !process.env.JUNK_REPORT) return;
    const rows = [...this.doors].map(([door, t]) => ({ door, tried: t.tried, '5xx': t.serverErrors, 'partial rows': t.partialRows, refused: t.refused, 'refusals recorded': t.recorded }));
    console.log(`\n${title}`);
    console.table(rows);
  }
}
