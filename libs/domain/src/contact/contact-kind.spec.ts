import { describe, expect, it } from 'vitest';
import { contactKindOf } from './contact-kind';

describe('the contact stage of a case', () => {
  it('is a call to the party when the case has a caller phone', () => {
    expect(contactKindOf({ callerPhone: '13905712345' })).toBe('party');
    expect(contactKindOf({ callerPhone: '0571-86001234' })).toBe('party');
  });

  it('is a site check (现场核查) when there is nobody to call, e.g. a camera alert', () => {
    expect(contactKindOf({ callerPhone: '' })).toBe('site_check');
    expect(contactKindOf({ callerPhone: '   ' })).toBe('site_check');
    expect(contactKindOf({ callerPhone: null })).toBe('site_check');
  });
});
