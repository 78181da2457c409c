/**
 * How long a test may wait, in one place (#14). Tests wait on state, never on time: a wait returns
 * as soon as what it waits for holds, so a generous deadline costs nothing on a quiet machine and only
 * says when a hopeless wait gives up. The figures below hold on CI's 2-core machine with two CPU-burning
 * processes beside the suite; TEST_TIME_SCALE multiplies them all (2 on a slower machine, 0.5 to see a
 * hang sooner while working on a test).
 *
 * Not for windows in which a test checks that something does NOT happen (a case not offered, no second
 * receipt): those stay short and fixed where they are, since scaling them would only slow the suite.
 */

function timeScale(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`TEST_TIME_SCALE 须为正数（收到 "${raw}"）/ TEST_TIME_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/** TEST_TIME_SCALE, 1 unless set. */
export const TIME_SCALE = timeScale(process.env.TEST_TIME_SCALE);

/** A figure measured on a quiet machine, stretched by TEST_TIME_SCALE. */
export const scaled = (ms: number): number => Math.round(ms * TIME_SCALE);

/**
 * The longest one wait on state may take: an event on a socket, a row, an element on a page, a poll.
 * Beside two burners a page's first render after login took over 10 s, so the margin is wide.
 */
export const STATE_WAIT_MS = scaled(60_000);

/** How often a poll reads again. Not scaled: reading sooner only finds the state sooner. */
export const POLL_INTERVAL_MS = 50;

/** One test, several waits in a row: well above one wait, so a failing wait reports itself, not the test's timeout. */
export const TEST_TIMEOUT_MS = scaled(180_000);

/** A hook starts hubs (migrations, seeding) or a browser; hub processes alone may take 90 s on a loaded machine. */
export const HOOK_TIMEOUT_MS = scaled(180_000);

/** A test that starts and stops processes of its own (hubs from dist, NATS, PostgreSQL) over and over. */
export const LONG_TEST_TIMEOUT_MS = scaled(360_000);
