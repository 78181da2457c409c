/**
 * Who sent a signed request, proven: the API key names the integration, the signature proves the body
 * came from it unaltered and recently, and the replay guard proves it is the first arrival. Shared by
 * the HTTP guard and the JetStream door, so both refuse the same things with the same codes.
 */
import { Inject, Injectable } from '@nestjs/common';
import { API_KEY_HEADER, SIGNATURE_HEADER } from '@xiaonao/contracts';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { RefinedDomainError } from '../errors/refined-error';
import { Database } from '../persistence/database';
import { AuthService } from './auth.service';
import { checkSignature, type SignatureFailure, type SignedRequest } from './request-signature';
import type { Integration } from './session';
import { SignatureReplayGuard } from './signature-replay-guard';

/** A rotated secret takes effect within this long, like a revoked key (auth.service.ts). */
const SECRET_CACHE_MS = 30_000;

const FAILURE_TEXT: Record<SignatureFailure | 'SIGNATURE_REPLAYED', { zh: string; en: string }> = {
  SIGNATURE_MISSING: { zh: '缺少签名或时间戳', en: 'signature or timestamp missing' },
  SIGNATURE_MALFORMED: { zh: '签名或时间戳格式错误（时间戳为 Unix 秒，签名为 sha256=<64 位十六进制>）', en: 'malformed (timestamp: unix seconds; signature: sha256=<64 hex>)' },
  SIGNATURE_EXPIRED: { zh: '时间戳超出允许范围，请核对发送方时钟后重新签名', en: 'timestamp outside the allowed window; check the sender clock and sign again' },
  SIGNATURE_INVALID: { zh: '签名不匹配（密钥错误或请求体被改动）', en: 'signature does not match (wrong secret or altered body)' },
  SIGNATURE_REPLAYED: { zh: '该签名已使用过（重放），重发请重新签名', en: 'signature already used (replay); sign again to resend' },
};

export interface SignedDelivery extends SignedRequest {
  apiKey: string | undefined;
  /** A JetStream message's identity: its redelivery is not a replay. Null on HTTP. */
  delivery: string | null;
}

export interface VerifiedSender {
  integration: Integration;
  /** The accepted signature, to release if the hub then fails (5xx) so the sender may retry it. */
  digest: string;
}

export class SignatureRefusal extends RefinedDomainError {
  constructor(
    readonly failure: SignatureFailure | 'SIGNATURE_REPLAYED',
    field: string,
    /** Named by a valid API key even though its signature failed: the refusal log says whose it was. */
    readonly integration: Integration,
  ) {
    const text = FAILURE_TEXT[failure];
    super('UNAUTHORIZED', failure, `${field}：${text.zh}`, `${field}: ${text.en}`, field);
  }
}

@Injectable()
export class SignedRequestVerifier {
  private readonly secrets = new Map<string, { secret: string; until: number }>();

  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Database) private readonly db: Database,
    @Inject(SignatureReplayGuard) private readonly replays: SignatureReplayGuard,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** The integration, or a DomainError: UNAUTHORIZED for the key, a SignatureRefusal for the signature. */
  async verify(req: SignedDelivery): Promise<VerifiedSender> {
    const integration = await this.auth.integrationFor(req.apiKey);
    const windowSeconds = this.config.intake.signatureWindowSeconds;
    const check = checkSignature(await this.secretOf(integration), req, windowSeconds);
    if (!check.ok) throw new SignatureRefusal(check.failure, check.field, integration);
    // Kept until the timestamp itself leaves the window: after that the signature is refused as expired.
    const expiresAt = new Date((check.timestamp + windowSeconds) * 1000);
    if (!(await this.replays.claim(check.digest, expiresAt, integration.apiKeyId, req.delivery))) {
      throw new SignatureRefusal('SIGNATURE_REPLAYED', SIGNATURE_HEADER, integration);
    }
    return { integration, digest: check.digest };
  }

  release(digest: string): Promise<void> {
    return this.replays.release(digest);
  }

  private async secretOf(integration: Integration): Promise<string> {
    const cached = this.secrets.get(integration.apiKeyId);
    if (cached && cached.until > Date.now()) return cached.secret;
    const [row] = await this.db.query<{ signing_secret: string }>('SELECT signing_secret FROM api_key WHERE id = $1', [integration.apiKeyId]);
    // The key was found a moment ago: a missing row means it was just revoked.
    if (!row) throw new RefinedDomainError('UNAUTHORIZED', 'UNAUTHORIZED', 'API 密钥无效', 'Invalid API key', API_KEY_HEADER);
    this.secrets.set(integration.apiKeyId, { secret: row.signing_secret, until: Date.now() + SECRET_CACHE_MS });
    return row.signing_secret;
  }
}
