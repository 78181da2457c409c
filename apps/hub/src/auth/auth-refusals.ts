/** What sign-in, refresh and session checks answer when they refuse, in Chinese first and English beside it. */
import { DomainError } from '@xiaonao/domain';
import { RefinedDomainError } from '../errors/refined-error';

function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export const notSignedIn = () => new DomainError('UNAUTHORIZED', '未登录或登录已过期，请重新登录', 'Not signed in or the session expired');

/** Tells the user how many tries are left once few are (the count is per name typed, so it reveals no account). */
export function wrongPassword(remaining: number, lockSeconds: number): DomainError {
  const warn = remaining > 0 && remaining <= 2;
  return new DomainError(
    'UNAUTHORIZED',
    `用户名或密码错误${warn ? `（再错 ${remaining} 次将锁定 ${minutes(lockSeconds)} 分钟）` : ''}`,
    `Wrong username or password${warn ? ` (${remaining} more and the account is locked for ${minutes(lockSeconds)} min)` : ''}`,
    'password',
  );
}

export function accountLocked(retryAfterSeconds: number): RefinedDomainError {
  const m = minutes(retryAfterSeconds);
  return new RefinedDomainError(
    'LOCKED',
    'ACCOUNT_LOCKED',
    `密码连续输错次数过多，账号已锁定，请 ${m} 分钟后再试`,
    `Too many failed sign-ins: the account is locked; try again in ${m} min`,
    'username',
    retryAfterSeconds,
  );
}

export function addressRateLimited(retryAfterSeconds: number): RefinedDomainError {
  return new RefinedDomainError(
    'TOO_MANY_REQUESTS',
    'LOGIN_RATE_LIMITED',
    `本地址登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`,
    `Too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`,
    undefined,
    retryAfterSeconds,
  );
}

export const refreshRefused = () =>
  new RefinedDomainError('UNAUTHORIZED', 'REFRESH_TOKEN_INVALID', '登录已失效，请重新登录', 'The session has ended; sign in again', 'refreshToken');

/** A spent refresh token came back: someone else may hold the session, so it was ended for everyone. */
export const refreshReused = () =>
  new RefinedDomainError(
    'UNAUTHORIZED',
    'REFRESH_TOKEN_REUSED',
    '该刷新令牌已使用过，为安全起见本次登录已全部失效，请重新登录',
    'This refresh token was already used; for safety the whole session has been ended. Sign in again',
    'refreshToken',
  );
