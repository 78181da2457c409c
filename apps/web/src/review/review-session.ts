/**
 * Whose review this is. The page serves the command room, the township's leaders and the police
 * stations; the hub scopes every answer, the page only picks the session: `?as=<role>` when given,
 * else the first one stored among leader, operator and station. None: the sign-in page.
 */
import { ROLES, type Role } from '@xiaonao/contracts';
import { loadSession, requireSession, type LiveSession } from '../shared/session';

/** In order of preference; 'leader' counts once the contracts know the role. */
const PAGE_ROLES: readonly string[] = ['leader', 'operator', 'station'];

function isPageRole(value: string | null): value is Role {
  return value !== null && PAGE_ROLES.includes(value) && (ROLES as readonly string[]).includes(value);
}

export function reviewRole(search: string): Role | null {
  const asked = new URLSearchParams(search).get('as');
  if (isPageRole(asked)) return asked;
  return PAGE_ROLES.filter(isPageRole).find((role) => loadSession(role) !== null) ?? null;
}

/** The running session (requireSession goes to the sign-in page when the role has none, and never settles). */
export function reviewSession(search: string): Promise<LiveSession> {
  const role = reviewRole(search);
  if (role) return requireSession(role);
  location.replace('./index.html');
  return new Promise<never>(() => undefined);
}

/** A station sees the cases it handed over; the township's figures (grid index, staffing) are not its own. */
export function seesTownship(role: Role): boolean {
  return role !== 'station';
}
