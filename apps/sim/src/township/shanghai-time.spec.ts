import { describe, expect, it } from 'vitest';
import { shanghaiStamp, toShanghaiIso } from './shanghai-time';

describe('Shanghai wall-clock time', () => {
  it('writes ISO-8601 with the +08:00 offset, crossing midnight correctly', () => {
    const lateUtc = new Date('2026-03-15T17:30:05.042Z');
    expect(toShanghaiIso(lateUtc)).toBe('2026-03-16T01:30:05.042+08:00');
    expect(new Date(toShanghaiIso(lateUtc)).getTime()).toBe(lateUtc.getTime());
  });

  it('stamps yyyyMMddHHmmss for case numbers', () => {
    expect(shanghaiStamp(new Date('2026-12-31T16:00:00Z'))).toBe('20270101000000');
  });
});
