/**
 * Who is asking for personal data and from where, as the access log records it: the signed-in user,
 * the address the request came from and the id that ties it to the log lines (X-Request-Id).
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';

export interface AccessRequester {
  user: SessionUser;
  remoteAddress: string | null;
  requestId: string | null;
}

/** The parts of an Express request read here. */
interface RequestLike {
  user?: SessionUser;
  id?: unknown;
  ip?: string;
  socket?: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}

export function requesterOf(req: RequestLike): AccessRequester {
  if (!req.user) throw new DomainError('UNAUTHORIZED', '未登录', 'Not signed in');
  const header = req.headers['x-request-id'];
  const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : (Array.isArray(header) ? header[0] : header) ?? null;
  return { user: req.user, remoteAddress: req.ip ?? req.socket?.remoteAddress ?? null, requestId };
}

/** The requester of a route guarded by `@Roles(...)`. */
export const Requester = createParamDecorator((_: unknown, ctx: ExecutionContext): AccessRequester => requesterOf(ctx.switchToHttp().getRequest<RequestLike>()));
