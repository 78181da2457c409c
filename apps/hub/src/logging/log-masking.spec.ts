import { describe, expect, it } from 'vitest';
import { maskPhoneNumbers } from './log-masking';
import { requestIdFrom } from './request-id';

describe('masking phone numbers in log text', () => {
  it('masks a mainland mobile number wherever it stands in the text', () => {
    expect(maskPhoneNumbers('caller 13905712345 said')).toBe('caller 139****2345 said');
    expect(maskPhoneNumbers('电话13905712345，')).toBe('电话139****2345，');
  });

  it('leaves case numbers, timestamps and short numbers alone', () => {
    expect(maskPhoneNumbers('3301202501011200001')).toBe('3301202501011200001');
    expect(maskPhoneNumbers('lateness 1390571234 ms')).toBe('lateness 1390571234 ms');
    expect(maskPhoneNumbers('12905712345')).toBe('12905712345');
  });
});

describe('request ids', () => {
  it('keeps a well-formed id the caller sent', () => {
    expect(requestIdFrom('110-gw:4f1c.9')).toBe('110-gw:4f1c.9');
    expect(requestIdFrom(['abc', 'def'])).toBe('abc');
  });

  it('replaces a missing, overlong or unsafe id with a fresh UUID', () => {
    for (const bad of [undefined, '', 'a'.repeat(129), 'two words', 'line\nbreak', '-leading-dash', '编号']) {
      const id = requestIdFrom(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
