/**
 * `@SignedIntegration()` on a route: the caller is an integration that sends its API key
 * (`x-api-key`, naming it) and signs the raw body (`x-xiaonao-timestamp`, `x-xiaonao-signature`, see
 * request-signature.ts and docs/intake-110.md). The handler then reads it with `@CurrentIntegration()`,
 * exactly as behind `@ApiKeyAuth()`. Refusals are 401s whose `code` says why (SIGNATURE_EXPIRED…);
 * pair with a refusal-recording filter (incidents/intake/intake-refusal.filter.ts) to log them.
 * `@SignedIntegration(admission)` takes only API keys of the door's kinds (the 110 door: '110', the
 * 12345 door: '12345'); a key of another kind is a 403 FORBIDDEN naming the door, after which its
 * signature is released, so the same signed request may still go to the door it was meant for.
 */
import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiHeader, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_KEY_HEADER, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type IntegrationKind } from '@xiaonao/contracts';
import type { AuthedRequest } from './session';
import { ACCESS_EXTENSION } from './guards';
import { Database } from '../persistence/database';
import { admitKind, kindAccess } from './integration-kind';
import { SignedRequestVerifier } from './signed-request-verifier';

/** What the guard reads from an HTTP request and leaves on it. */
export interface SignedHttpRequest extends AuthedRequest {
  /** The exact body bytes, kept by the JSON parser (`rawBody: true` in start-hub.ts). */
  rawBody?: Buffer;
  /** The accepted signature, released again if the hub fails the request (5xx) so a retry is no replay. */
  signatureDigest?: string;
}

const NO_BODY = Buffer.alloc(0);

/** Who a door takes: the kinds of API key, and the door's name for the refusal. */
export interface DoorAdmission {
  kinds: readonly IntegrationKind[];
  zh: string;
  en: string;
}

const ADMISSION_KEY = 'xiaonao:door-admission';

function header(req: AuthedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

@Injectable()
export class SignedIntegrationGuard implements CanActivate {
  constructor(
    @Inject(SignedRequestVerifier) private readonly verifier: SignedRequestVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SignedHttpRequest>();
    const sender = await Database.step('signature', () =>
      this.verifier.verify({
      apiKey: header(req, API_KEY_HEADER),
      timestamp: header(req, SIGNATURE_TIMESTAMP_HEADER),
      signature: header(req, SIGNATURE_HEADER),
      rawBody: req.rawBody ?? NO_BODY,
      // The sender's wall clock is what signed: compare with ours, not with a simulated domain clock.
      receivedAt: new Date(),
      delivery: null,
      }),
    );
    const admission = this.reflector.get<DoorAdmission | undefined>(ADMISSION_KEY, context.getHandler());
    if (admission) {
      try {
        admitKind(sender.integration, admission.kinds, admission.zh, admission.en);
      } catch (refusal) {
        await this.verifier.release(sender.digest);
        // Recorded against the key that knocked (the refusal filter reads it here).
        req.integration = sender.integration;
        throw refusal;
      }
    }
    req.integration = sender.integration;
    req.signatureDigest = sender.digest;
    return true;
  }
}

export const SignedIntegration = (admission?: DoorAdmission) =>
  applyDecorators(
    ...(admission ? [SetMetadata(ADMISSION_KEY, admission)] : []),
    UseGuards(SignedIntegrationGuard),
    ApiSecurity('apiKey'),
    ApiExtension(ACCESS_EXTENSION, kindAccess('signed-api-key', admission?.kinds ?? [])),
    ApiHeader({ name: SIGNATURE_TIMESTAMP_HEADER, required: true, description: '签名时间，Unix 秒；与服务器时间相差不得超过 300 秒 / unix seconds, within ±300 s' }),
    ApiHeader({
      name: SIGNATURE_HEADER,
      required: true,
      description: 'sha256=<hex>：以集成签名密钥对 `${timestamp}.${原始请求体}` 计算 HMAC-SHA256 / HMAC-SHA256 over `${timestamp}.${raw body}` with the signing secret',
    }),
    ApiUnauthorizedResponse({
      description:
        'API 密钥或签名无效，`code` 说明原因：UNAUTHORIZED、SIGNATURE_MISSING、SIGNATURE_MALFORMED、SIGNATURE_EXPIRED、SIGNATURE_INVALID、SIGNATURE_REPLAYED / key or signature refused; `code` says why',
    }),
  );
