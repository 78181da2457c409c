/**
 * A new integration key for a township (the 110 side, 12345, cameras, Open311): random, stored as its
 * digest with its own signing secret (docs/intake-110.md), and shown once to whoever issued it.
 */
import { randomBytes } from 'node:crypto';
import type { IntegrationKind } from '@xiaonao/contracts';
import { digestApiKey } from '../auth/api-key';
import type { Database } from '../persistence/database';

export interface IssuedKey {
  key: string;
  signingSecret: string;
}

/** Null when the township does not exist. */
export async function issueApiKey(db: Database, townshipCode: string, name: string, kind: IntegrationKind): Promise<IssuedKey | null> {
  const key = `xn_${randomBytes(24).toString('base64url')}`;
  const signingSecret = randomBytes(32).toString('base64url');
  const rows = await db.query<{ id: string }>(
    'INSERT INTO api_key (township_id, name, key_hash, signing_secret, kind) SELECT id, $2, $3, $4, $5 FROM township WHERE code = $1 RETURNING id',
    [townshipCode, name, digestApiKey(key), signingSecret, kind],
  );
  return rows.length ? { key, signingSecret } : null;
}
