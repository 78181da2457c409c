/**
 * `@Open311Key()` on an Open311 route: the caller is a city's Open311 tool with an API key of kind
 * 'open311', sent as the spec's `api_key` (query string, form field or JSON property) or as the hub's
 * `x-api-key` header. Open311 has no request signing: the key must stay on the city tool's server
 * (docs/open311.md). No key or an unknown one: 401; a key of another kind (110, 12345…): 403.
 */
import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_KEY_HEADER, OPEN311_API_KEY_PARAM } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { AuthService } from '../auth/auth.service';
import { ACCESS_EXTENSION } from '../auth/guards';
import { admitKind, kindAccess } from '../auth/integration-kind';
import type { AuthedRequest } from '../auth/session';

interface Open311HttpRequest extends AuthedRequest {
  query: Record<string, unknown>;
  body?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The key wherever the spec (or the hub) lets a client put it; the spec's parameter first. */
export function open311KeyOf(req: Open311HttpRequest): string | undefined {
  const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  const header = req.headers[API_KEY_HEADER];
  return text(req.query[OPEN311_API_KEY_PARAM]) ?? text(body[OPEN311_API_KEY_PARAM]) ?? text(Array.isArray(header) ? header[0] : header);
}

@Injectable()
export class Open311KeyGuard implements CanActivate {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Open311HttpRequest>();
    const key = open311KeyOf(req);
    if (!key) throw new DomainError('UNAUTHORIZED', 'api_key：缺少 API 密钥', 'api_key: missing', OPEN311_API_KEY_PARAM);
    const integration = await this.auth.integrationFor(key).catch(() => {
      throw new DomainError('UNAUTHORIZED', 'api_key：API 密钥无效', 'api_key: invalid API key', OPEN311_API_KEY_PARAM);
    });
    // Known, but maybe not a city tool's: recorded against it either way.
    req.integration = integration;
    admitKind(integration, ['open311'], 'Open311 接口', 'the Open311 API', OPEN311_API_KEY_PARAM);
    return true;
  }
}

export const Open311Key = () =>
  applyDecorators(
    UseGuards(Open311KeyGuard),
    ApiSecurity('apiKey'),
    ApiExtension(ACCESS_EXTENSION, kindAccess('api-key', ['open311'])),
    ApiUnauthorizedResponse({ description: '缺少或无效的 api_key / missing or invalid api_key' }),
    ApiForbiddenResponse({ description: 'api_key 不是 Open311 应用的密钥 / the key is not an Open311 key' }),
  );
