import { createHash } from 'node:crypto';

/** API keys are stored as SHA-256 digests: they are long random strings, so a slow KDF buys nothing. */
export function digestApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
