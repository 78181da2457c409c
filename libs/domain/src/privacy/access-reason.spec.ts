import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { accessReason } from './access-reason';

function refusal(raw: unknown): DomainError {
  try {
    accessReason(raw);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('the reason given for seeing personal data', () => {
  it('is kept trimmed', () => {
    expect(accessReason('  回访当事人，核实处置结果 ')).toBe('回访当事人，核实处置结果');
    expect(accessReason('回访')).toBe('回访');
  });

  it('is required, and must say something', () => {
    for (const raw of [undefined, null, '', '   ', '\u200b\u200b\u200b', '好', ' \u3000 ']) {
      const e = refusal(raw);
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.field).toBe('reason');
      expect(e.message).toMatch(/^reason：/);
    }
  });

  it('refuses what is not text, control characters, broken characters and novels', () => {
    for (const raw of [42, { zh: '回访' }, '回访\n回访', '回访\u0000', 'ab\ud800', '长'.repeat(201)]) expect(refusal(raw).field).toBe('reason');
    expect(accessReason('长'.repeat(200))).toHaveLength(200);
  });
});
