/**
 * One session per role in localStorage, so an operator console and a worker phone page can be open
 * side by side in one browser during a demo.
 *
 * The access token lives about 15 minutes. A page refreshes it shortly before it expires (timed by the
 * page's own clock from `expiresIn`, whatever the clock's offset), and once after a 401; the refresh
 * token that buys the next one works only once, and the hub ends the whole session if a spent one comes
 * back. So the tabs of one role, which share the stored session, take turns (Web Locks) and each first
 * looks whether another tab has already refreshed. A refresh the hub refuses means the session is over:
 * the page goes to the sign-in page (queued phone steps stay queued for the next sign-in).
 */
import { API, type ErrorBody, type LoginResponse, type Role, type SessionUser } from '@xiaonao/contracts';
import { ApiError, type TokenSource } from './api-client';

/** The stored session: the hub's answer, and when its access token expires by this device's clock. */
export interface Session extends LoginResponse {
  localExpiresAt: number;
}

const key = (role: Role) => `xiaonao.session.${role}`;

/** Refresh this long before the access token expires (a third of its life for a short-lived one). */
const REFRESH_BEFORE_MS = 60_000;
/** Spread so the tabs (and the phones of a shift signed in together) do not all refresh at one instant. */
const REFRESH_JITTER_MS = 15_000;

function refreshMargin(session: Session): number {
  return Math.min(REFRESH_BEFORE_MS, (session.expiresIn * 1000) / 3);
}

/** The stored token is still good for a while: no refresh needed yet. */
function fresh(session: Session): boolean {
  return session.localExpiresAt - Date.now() > refreshMargin(session);
}

export const PAGE_OF_ROLE: Record<Role, string> = {
  operator: './console.html',
  worker: './phone.html',
  station: './station.html',
  leader: './review.html',
  admin: './district.html',
  district: './district.html',
};

export function saveSession(login: LoginResponse): Session {
  const session: Session = { ...login, localExpiresAt: Date.now() + login.expiresIn * 1000 };
  localStorage.setItem(key(login.user.role), JSON.stringify(session));
  return session;
}

function parse(raw: string | null, role: Role): Session | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.token !== 'string' || parsed.user?.role !== role) return null;
    // Kept by an older page (no refresh token, no expiry): it works until the hub refuses it.
    return { refreshToken: '', expiresAt: '', expiresIn: 0, sessionExpiresAt: '', localExpiresAt: Number.POSITIVE_INFINITY, ...parsed } as Session;
  } catch {
    return null;
  }
}

export function loadSession(role: Role): Session | null {
  return parse(localStorage.getItem(key(role)), role);
}

export function clearSession(role: Role): void {
  localStorage.removeItem(key(role));
}

/** Roles whose session this page has given up: a refresh answered after that must not store it again. */
const ended = new Set<Role>();

/** Set once the page is on its way to the sign-in page. */
let leaving = false;

/** The hub no longer accepts this role's session: forget it and sign in again. */
export function sessionExpired(role: Role): void {
  ended.add(role);
  clearSession(role);
  // Signing out and the hub's session.ended (or a refused refresh) can both land here: navigate once,
  // since a second navigation would abort the first one mid-load.
  if (leaving) return;
  leaving = true;
  location.replace('./index.html');
}

/** Best effort: offline, the page forgets the session anyway and it ends with its shift. */
async function signOutAt(token: string): Promise<void> {
  await fetch(API.logout, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
}

/** Runs `work` while no other tab of this origin refreshes the same role; alone where Web Locks are missing (plain http). */
function exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(name, work) : work();
}

/** The session a page runs on: the current access token, refreshed in time, shared with the role's other tabs. */
export class LiveSession implements TokenSource {
  readonly user: SessionUser;
  private readonly listeners = new Set<(token: string) => void>();
  private refreshing: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly role: Role,
    first: Session,
    /** The session is over (refused refresh, signed out elsewhere): by default, to the sign-in page. */
    private readonly onEnded: () => void = () => sessionExpired(role),
  ) {
    this.user = first.user;
    this.schedule(first);
    // Another tab refreshed: use its token (and tell this tab's socket) instead of refreshing again.
    window.addEventListener('storage', (event) => {
      if (event.key !== key(role)) return;
      const next = parse(event.newValue, role);
      if (!next) return this.onEnded();
      this.schedule(next);
      this.tell(next.token);
    });
  }

  /** The access token as stored now (a socket's handshake reads it). */
  get token(): string {
    return loadSession(this.role)?.token ?? '';
  }

  /** A token good for a while yet: refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const stored = loadSession(this.role);
    if (!stored) {
      this.onEnded();
      throw new ApiError(401, null);
    }
    if (fresh(stored)) return stored.token;
    const next = await this.refresh(stored.token);
    if (next === null) throw new ApiError(401, null);
    return next;
  }

  /** After the hub refused `refused` (401): the next token, or null when the session is over. */
  renewAfterRefusal(refused: string): Promise<string | null> {
    return this.refresh(refused);
  }

  /** Called with each new access token (this tab's refresh or another's): a socket renews with it. */
  onTokenChange(listener: (token: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Signs out at the hub (ending the session's tokens and sockets everywhere), then goes to sign-in. */
  async logout(): Promise<void> {
    // A token the hub still takes, so the sign-out reaches it even after a long idle.
    const token = await this.accessToken().catch(() => this.token);
    if (this.timer) clearTimeout(this.timer);
    if (token) await signOutAt(token);
    sessionExpired(this.role);
  }

  /** One refresh per tab at a time, and one per role across tabs. */
  private refresh(seen: string): Promise<string | null> {
    this.refreshing ??= exclusively(`xiaonao.refresh.${this.role}`, () => this.refreshLocked(seen)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshLocked(seen: string): Promise<string | null> {
    const stored = loadSession(this.role);
    if (!stored) {
      this.onEnded();
      return null;
    }
    // Another tab refreshed while this one waited for the lock.
    if (stored.token !== seen && fresh(stored)) return stored.token;
    if (!stored.refreshToken) {
      this.onEnded();
      return null;
    }
    let response: Response;
    try {
      response = await fetch(API.refresh, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ refreshToken: stored.refreshToken }) });
    } catch {
      // Offline: the session may well be fine; the caller retries later.
      throw new ApiError(0, null);
    }
    const body: unknown = await response.json().catch(() => null);
    // Signed out (or ended) while the refresh was under way: its answer belongs to a finished session.
    if (ended.has(this.role)) return null;
    if (response.ok) {
      const next = saveSession(body as LoginResponse);
      this.schedule(next);
      this.tell(next.token);
      return next.token;
    }
    // Refused (spent, revoked, past the shift): the session is over. Anything else may pass.
    if (response.status === 401 || response.status === 400) {
      this.onEnded();
      return null;
    }
    throw new ApiError(response.status, body !== null && typeof body === 'object' && 'code' in body ? (body as ErrorBody) : null);
  }

  private schedule(session: Session): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!Number.isFinite(session.localExpiresAt)) return;
    const margin = refreshMargin(session);
    const wait = Math.max(0, session.localExpiresAt - Date.now() - margin - Math.random() * Math.min(REFRESH_JITTER_MS, margin / 4));
    // Throttled in a background tab: accessToken() still refreshes on demand, and the socket on `expired`.
    this.timer = setTimeout(() => void this.refresh(session.token).catch(() => undefined), wait);
  }

  private tell(token: string): void {
    for (const listener of this.listeners) listener(token);
  }
}

/**
 * The session for this page's role. Without one the login page opens and the promise never settles,
 * so a page that awaits it at top level simply stops there.
 */
const live = new Map<Role, LiveSession>();

export function requireSession(role: Role): Promise<LiveSession> {
  const session = loadSession(role);
  if (session) {
    const running = live.get(role) ?? new LiveSession(role, session);
    live.set(role, running);
    return Promise.resolve(running);
  }
  location.replace('./index.html');
  return new Promise<never>(() => undefined);
}

/** Signs this role out at the hub, then goes to the sign-in page. */
export function logout(role: Role): void {
  const running = live.get(role);
  if (running) {
    void running.logout();
    return;
  }
  const stored = loadSession(role);
  if (!stored) return sessionExpired(role);
  void signOutAt(stored.token).finally(() => sessionExpired(role));
}
