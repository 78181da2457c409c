import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '@xiaonao/contracts';
import { checkSignature, defaultSigningSecret, signatureDigest, signatureHeaders, type SignedRequest } from './request-signature';

const AT = new Date('2025-11-21T05:20:00Z');
const NOW = Math.floor(AT.getTime() / 1000);
const BODY = '{"caseNo":"330114202611210001"}';

function request(secret: string, body: string, timestamp: number, receivedAt = AT): SignedRequest {
  const headers = signatureHeaders(secret, body, timestamp);
  return { timestamp: headers[SIGNATURE_TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER], rawBody: Buffer.from(body), receivedAt };
}

describe('the worked example in docs/intake-110.md', () => {
  it('gives the digest the openssl line prints', () => {
    expect(signatureDigest('demo-signing-secret', 1763700000, BODY)).toBe('b69559c49e81c37276dee3c6eb6dd72ef08dc46f0b259465ea61449c6386ad99');
  });

  it('derives the demo key’s default secret from the key’s SHA-256, as the migration does in SQL', () => {
    const keyHash = createHash('sha256').update('demo-110-key-hezhuang').digest('hex');
    expect(defaultSigningSecret('demo-110-key-hezhuang')).toBe(createHash('sha256').update(`xiaonao-signing-v1:${keyHash}`).digest('hex'));
    expect(defaultSigningSecret('demo-110-key-hezhuang')).toBe('ee48f9825ccae0d97ad0541ee8af3e64b537cc3086ae519ad07e527c68d0e8da');
  });
});

describe('checking a signature', () => {
  it('accepts the signature of the exact body within the window, either side', () => {
    for (const skew of [-300, 0, 300]) expect(checkSignature('s', request('s', BODY, NOW + skew), 300)).toMatchObject({ ok: true, timestamp: NOW + skew });
  });

  it('refuses a timestamp one second outside the window as expired', () => {
    expect(checkSignature('s', request('s', BODY, NOW - 301), 300)).toEqual({ ok: false, failure: 'SIGNATURE_EXPIRED', field: SIGNATURE_TIMESTAMP_HEADER });
    expect(checkSignature('s', request('s', BODY, NOW + 301), 300)).toEqual({ ok: false, failure: 'SIGNATURE_EXPIRED', field: SIGNATURE_TIMESTAMP_HEADER });
    expect(checkSignature('s', request('s', BODY, NOW - 301), 600).ok).toBe(true);
  });

  it('names the missing header', () => {
    const signed = request('s', BODY, NOW);
    expect(checkSignature('s', { ...signed, timestamp: undefined }, 300)).toMatchObject({ failure: 'SIGNATURE_MISSING', field: SIGNATURE_TIMESTAMP_HEADER });
    expect(checkSignature('s', { ...signed, signature: '' }, 300)).toMatchObject({ failure: 'SIGNATURE_MISSING', field: SIGNATURE_HEADER });
  });

  it('refuses malformed headers without comparing anything', () => {
    const signed = request('s', BODY, NOW);
    expect(checkSignature('s', { ...signed, timestamp: '1763700000.5' }, 300)).toMatchObject({ failure: 'SIGNATURE_MALFORMED', field: SIGNATURE_TIMESTAMP_HEADER });
    expect(checkSignature('s', { ...signed, signature: (signed.signature ?? '').slice(7) }, 300)).toMatchObject({ failure: 'SIGNATURE_MALFORMED', field: SIGNATURE_HEADER });
    expect(checkSignature('s', { ...signed, signature: 'sha256=zz' }, 300)).toMatchObject({ failure: 'SIGNATURE_MALFORMED' });
  });

  it('takes the hex digest in either case', () => {
    const signed = request('s', BODY, NOW);
    expect(checkSignature('s', { ...signed, signature: `sha256=${(signed.signature ?? '').slice(7).toUpperCase()}` }, 300).ok).toBe(true);
  });

  it('refuses any change to the body, the timestamp or the secret', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 20 }), (body, secret) => {
        const signed = request(secret, body, NOW);
        expect(checkSignature(secret, signed, 300).ok).toBe(true);
        expect(checkSignature(secret, { ...signed, rawBody: Buffer.from(body + ' ') }, 300)).toMatchObject({ failure: 'SIGNATURE_INVALID' });
        expect(checkSignature(`${secret}x`, signed, 300)).toMatchObject({ failure: 'SIGNATURE_INVALID' });
        expect(checkSignature(secret, { ...signed, timestamp: String(NOW + 1) }, 300)).toMatchObject({ failure: 'SIGNATURE_INVALID' });
      }),
    );
  });
});
