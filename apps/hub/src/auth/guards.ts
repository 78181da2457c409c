/** Route guards: `@Roles(...)` for people with a session, `@ApiKeyAuth()` for integrations. */
import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { API_KEY_HEADER, type Role, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { AuthService } from './auth.service';
import { ROLES_KEY, type AuthedRequest, type Integration } from './session';

function header(req: AuthedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const bearer = header(req, 'authorization');
    const grant = await this.auth.verifyAccess(bearer?.startsWith('Bearer ') ? bearer.slice(7) : undefined);
    req.user = grant.user;
    req.sessionId = grant.sessionId;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(req.user.role)) {
      throw new DomainError('FORBIDDEN', '当前账号无权进行此操作', 'Your role may not do this');
    }
    return true;
  }
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    req.integration = await this.auth.integrationFor(header(req, API_KEY_HEADER));
    return true;
  }
}

/** The OpenAPI extension naming who may call an operation: roles, `any-session`, or `api-key` (the route sweep reads it). */
export const ACCESS_EXTENSION = 'x-xiaonao-access';

/** Signed-in people; with roles, only those roles. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles.length ? roles : undefined), UseGuards(SessionGuard), ApiBearerAuth(), ApiExtension(ACCESS_EXTENSION, roles.length ? roles : ['any-session']));

export const ApiKeyAuth = () => applyDecorators(UseGuards(ApiKeyGuard), ApiSecurity('apiKey'), ApiExtension(ACCESS_EXTENSION, ['api-key']));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new DomainError('UNAUTHORIZED', '未登录', 'Not signed in');
  return user;
});

/** The session of the caller's access token (behind `@Roles()`). */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const sessionId = ctx.switchToHttp().getRequest<AuthedRequest>().sessionId;
  if (!sessionId) throw new DomainError('UNAUTHORIZED', '未登录', 'Not signed in');
  return sessionId;
});

export const CurrentIntegration = createParamDecorator((_: unknown, ctx: ExecutionContext): Integration => {
  const integration = ctx.switchToHttp().getRequest<AuthedRequest>().integration;
  if (!integration) throw new DomainError('UNAUTHORIZED', '缺少 API 密钥', 'Missing API key', API_KEY_HEADER);
  return integration;
});
