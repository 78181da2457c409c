import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginResponse, Role, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { digestApiKey } from './api-key';
import { PasswordHasher } from './password-hasher';
import type { Integration } from './session';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  township_id: string;
  worker_id: string | null;
  station_id: string | null;
}

const unauthorized = () => new DomainError('UNAUTHORIZED', '未登录或登录已过期，请重新登录', 'Not signed in or the session expired');

const API_KEY_CACHE_MS = 30_000;

@Injectable()
export class AuthService {
  private readonly keys = new Map<string, { integration: Integration; until: number }>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
    if (!row || !(await this.hasher.verify(row.password_hash, password))) {
      throw new DomainError('UNAUTHORIZED', '用户名或密码错误', 'Wrong username or password', 'password');
    }
    const user: SessionUser = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      townshipId: row.township_id,
      workerId: row.worker_id,
      stationId: row.station_id,
    };
    return { token: await this.jwt.signAsync({ ...user }), user };
  }

  async verifyToken(token: string | undefined): Promise<SessionUser> {
    if (!token) throw unauthorized();
    try {
      const payload = await this.jwt.verifyAsync<SessionUser & { iat: number; exp: number }>(token);
      const { iat: _iat, exp: _exp, ...user } = payload;
      return user;
    } catch {
      throw unauthorized();
    }
  }

  async integrationFor(key: string | undefined): Promise<Integration> {
    if (!key) throw new DomainError('UNAUTHORIZED', '缺少 API 密钥（x-api-key）', 'Missing API key (x-api-key)', 'x-api-key');
    const digest = digestApiKey(key);
    const cached = this.keys.get(digest);
    if (cached && cached.until > Date.now()) return cached.integration;
    const [row] = await this.db.query<{ id: string; township_id: string; name: string }>('SELECT id, township_id, name FROM api_key WHERE key_hash = $1', [digest]);
    if (!row) throw new DomainError('UNAUTHORIZED', 'API 密钥无效', 'Invalid API key', 'x-api-key');
    const integration = { apiKeyId: row.id, townshipId: row.township_id, name: row.name };
    // Integrations call many times a second (position feeds); a revoked key stops working within the TTL.
    this.keys.set(digest, { integration, until: Date.now() + API_KEY_CACHE_MS });
    return integration;
  }
}
