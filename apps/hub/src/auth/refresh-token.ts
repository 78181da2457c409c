/**
 * Refresh tokens are opaque random strings (256 bits), shown to the client once and stored only as
 * their SHA-256: like API keys, they are too long to guess, so a slow KDF would buy nothing, and a
 * copy of the table cannot be replayed.
 */
import { createHash, randomBytes } from 'node:crypto';

/** base64url of 32 bytes is 43 characters; anything else presented is not one of ours. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function digestRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: digestRefreshToken(token) };
}
