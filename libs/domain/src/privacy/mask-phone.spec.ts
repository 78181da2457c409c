import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMaskedPhone, maskPhone } from './mask-phone';

describe('masking a caller number', () => {
  it('keeps the first three and last four digits of a mobile', () => {
    expect(maskPhone('13912342345')).toBe('139****2345');
    expect(maskPhone('13905712345')).toBe('139****2345');
    expect(maskPhone('+8613905712345')).toBe('139****2345');
    expect(maskPhone('0086-13905712345')).toBe('139****2345');
    expect(maskPhone(' 139 0571 2345 ')).toBe('139****2345');
  });

  it('keeps the area code and last four digits of a landline, and drops the extension', () => {
    expect(maskPhone('0571-87654321')).toBe('0571-****4321');
    expect(maskPhone('057187654321')).toBe('0571-****4321');
    expect(maskPhone('010-6552 1234')).toBe('010-****1234');
    expect(maskPhone('01065521234')).toBe('010-****1234');
    expect(maskPhone('0571-8765432转808')).toBe('0571-****5432');
    expect(maskPhone('021-64001234-12')).toBe('021-****1234');
  });

  it('shows at most the last four digits, and at most half, of a short or unknown number', () => {
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('95588')).toBe('***88');
    expect(maskPhone('110')).toBe('**0');
    expect(maskPhone('87654321')).toBe('****4321');
    expect(maskPhone('+1 555 0100 2233')).toBe('********2233');
    expect(maskPhone('没有号码')).toBe('****');
  });

  it('leaves an empty number empty', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
  });

  it('does not change a mask when masked again', () => {
    for (const phone of ['13912342345', '0571-87654321', '12345', '110']) {
      const once = maskPhone(phone);
      expect(maskPhone(once)).toBe(once);
      expect(isMaskedPhone(once)).toBe(true);
    }
    expect(isMaskedPhone('13912342345')).toBe(false);
  });

  it('never shows more than eight digits of any text, and shows none of a mobile but its first three and last four', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const masked = maskPhone(text);
        expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(8);
        expect(maskPhone(masked)).toBe(masked);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (mobile) => {
        expect(maskPhone(mobile)).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^0\d{2,3}-\d{7,8}$/), (landline) => {
        const masked = maskPhone(landline);
        expect(masked).toMatch(/^0\d{2,3}-\*{4}\d{4}$/);
        expect(masked.endsWith(landline.slice(-4))).toBe(true);
      }),
    );
  });
});
