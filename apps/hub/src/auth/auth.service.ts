/**
 * Who is calling. People sign in for a session (auth_session, until the shift ends) that hands out
 * short access tokens (JWTs naming the session as `sid`) and single-use refresh tokens; every access
 * token is checked against its session, so a sign-out takes effect at once. Integrations present an
 * API key.
 *
 * Sessions run on the wall clock, as the JWT's own `exp` does, not on the hub's (possibly simulated)
 * domain clock.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type IntegrationKind, type LoginResponse, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import { digestApiKey } from './api-key';
import { notSignedIn, refreshRefused, refreshReused } from './auth-refusals';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { REFRESH_TOKEN_PATTERN } from './refresh-token';
import type { Integration } from './session';
import { SessionLiveness } from './session-liveness';
import { SessionStore, type ClientInfo, type IssuedSession } from './session-store';
import { sessionUserOf, type UserRow } from './user-row';

/** A verified access token: whose, which session, until when. */
export interface AccessGrant {
  user: SessionUser;
  sessionId: string;
  expiresAt: Date;
}

/** The claims an access token carries: the user as SessionUser, the session, and the JWT's times. */
type AccessClaims = SessionUser & { sid: string; iat: number; exp: number };

const API_KEY_CACHE_MS = 30_000;

function isAccessClaims(value: unknown): value is AccessClaims {
  const c = value as Partial<AccessClaims> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.sid === 'string' &&
    typeof c.id === 'string' &&
    typeof c.townshipId === 'string' &&
    typeof c.exp === 'number' &&
    (ROLES as readonly string[]).includes(c.role as string)
  );
}

@Injectable()
export class AuthService {
  /** Looked-up keys, and lookups under way: a burst of requests with one new key reads the row once. */
  private readonly keys = new Map<string, { integration: Promise<Integration>; until: number }>();
  /** Checked against for unknown usernames, so a wrong name takes as long as a wrong password. */
  private decoy: Promise<string> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(SessionLiveness) private readonly liveness: SessionLiveness,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async login(username: string, password: string, from: ClientInfo): Promise<LoginResponse> {
    const now = new Date();
    const admission = await this.throttle.admit(username, from.ip, now);
    const [row] = await this.db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
    const right = row ? await this.hasher.verify(row.password_hash, password) : await this.hasher.verify(await this.decoyHash(), password).then(() => false);
    if (!row || !right) throw await this.throttle.failed(admission, row?.id ?? null, now);
    await this.throttle.succeeded(admission, now);
    const user = sessionUserOf(row);
    const session = await this.sessions.open(user, now, this.config.security.refreshTokenTtlHours, from);
    return this.answer(user, session, now);
  }

  /** The next access token and refresh token for a refresh token, which is spent. */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) throw refreshRefused();
    const now = new Date();
    const rotation = await this.sessions.rotate(refreshToken, now);
    switch (rotation.kind) {
      case 'invalid':
        throw refreshRefused();
      case 'reused':
        // Revoked in the database; on this process at once, like a sign-out (other processes hear it on the bus).
        this.liveness.ended(rotation.sessionId, 'revoked');
        throw refreshReused();
      case 'rotated':
        return this.answer(rotation.user, rotation, now);
    }
  }

  /** Ends the session: its access and refresh tokens stop working here at once, and its sockets everywhere. */
  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId, 'logged_out', new Date());
    // Also when it had already ended: this process must not keep a cached "live" for it.
    this.liveness.ended(sessionId, 'logged_out');
  }

  /** The user and session of a valid access token of an open session; UNAUTHORIZED otherwise. */
  async verifyAccess(token: string | undefined): Promise<AccessGrant> {
    if (!token) throw notSignedIn();
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync<object>(token);
    } catch {
      throw notSignedIn();
    }
    if (!isAccessClaims(claims) || !(await this.liveness.isLive(claims.sid))) throw notSignedIn();
    const user: SessionUser = {
      id: claims.id,
      username: claims.username,
      displayName: claims.displayName,
      role: claims.role,
      townshipId: claims.townshipId,
      regionId: claims.regionId ?? null,
      workerId: claims.workerId ?? null,
      stationId: claims.stationId ?? null,
    };
    return { user, sessionId: claims.sid, expiresAt: new Date(claims.exp * 1000) };
  }

  async integrationFor(key: string | undefined): Promise<Integration> {
    if (!key) throw new DomainError('UNAUTHORIZED', '缺少 API 密钥（x-api-key）', 'Missing API key (x-api-key)', 'x-api-key');
    const digest = digestApiKey(key);
    const cached = this.keys.get(digest);
    if (cached && cached.until > Date.now()) return cached.integration;
    // Integrations call many times a second (position feeds); a revoked key stops working within the TTL.
    const integration = this.lookUpKey(digest);
    this.keys.set(digest, { integration, until: Date.now() + API_KEY_CACHE_MS });
    // A refusal or a failed read is not kept: the next request asks again.
    integration.catch(() => this.keys.delete(digest));
    return integration;
  }

  private async lookUpKey(digest: string): Promise<Integration> {
    const [row] = await this.db.query<{ id: string; township_id: string; name: string; kind: IntegrationKind }>('SELECT id, township_id, name, kind FROM api_key WHERE key_hash = $1', [digest]);
    if (!row) throw new DomainError('UNAUTHORIZED', 'API 密钥无效', 'Invalid API key', 'x-api-key');
    return { apiKeyId: row.id, townshipId: row.township_id, name: row.name, kind: row.kind };
  }

  /** An access token for the session, never outliving it. */
  private async answer(user: SessionUser, session: IssuedSession, now: Date): Promise<LoginResponse> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const exp = Math.min(nowSeconds + this.config.security.accessTokenTtlSeconds, Math.floor(session.expiresAt.getTime() / 1000));
    const token = await this.jwt.signAsync({ ...user, sid: session.sessionId, exp });
    return {
      token,
      refreshToken: session.refreshToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      expiresIn: Math.max(0, exp - nowSeconds),
      sessionExpiresAt: session.expiresAt.toISOString(),
      user,
    };
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.decoy;
  }
}
