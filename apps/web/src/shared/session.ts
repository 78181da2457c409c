/**
 * One session per role in localStorage, so an operator console and a worker phone page can be open
 * side by side in one browser during a demo.
 */
import type { LoginResponse, Role, SessionUser } from '@xiaonao/contracts';

export interface Session {
  token: string;
  user: SessionUser;
}

const key = (role: Role) => `xiaonao.session.${role}`;

export const PAGE_OF_ROLE: Record<Role, string> = {
  operator: './console.html',
  worker: './phone.html',
  station: './station.html',
};

export function saveSession(login: LoginResponse): void {
  localStorage.setItem(key(login.user.role), JSON.stringify(login));
}

export function loadSession(role: Role): Session | null {
  const raw = localStorage.getItem(key(role));
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && parsed.user?.role === role ? (parsed as Session) : null;
  } catch {
    return null;
  }
}

export function clearSession(role: Role): void {
  localStorage.removeItem(key(role));
}

/** The hub no longer accepts this role's token: forget it and log in again. */
export function sessionExpired(role: Role): void {
  clearSession(role);
  location.replace('./index.html');
}

/**
 * The session for this page's role. Without one the login page opens and the promise never settles,
 * so a page that awaits it at top level simply stops there.
 */
export function requireSession(role: Role): Promise<Session> {
  const session = loadSession(role);
  if (session) return Promise.resolve(session);
  location.replace('./index.html');
  return new Promise<never>(() => undefined);
}

export function logout(role: Role): void {
  clearSession(role);
  location.replace('./index.html');
}
