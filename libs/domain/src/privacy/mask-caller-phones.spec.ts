import { describe, expect, it } from 'vitest';
import { maskCallerPhones } from './mask-caller-phones';

describe('masking caller numbers in a payload', () => {
  it('masks every callerPhone however deep, and says it is masked', () => {
    const payload = {
      incident: { id: 'i1', callerPhone: '13905712345', callerPhoneMasked: false, worker: { phone: '13800000000' } },
      offer: { incident: { callerPhone: '0571-87654321', callerPhoneMasked: false } },
      list: [{ callerPhone: '13912342345' }],
    };
    expect(maskCallerPhones(payload)).toEqual({
      incident: { id: 'i1', callerPhone: '139****2345', callerPhoneMasked: true, worker: { phone: '13800000000' } },
      offer: { incident: { callerPhone: '0571-****4321', callerPhoneMasked: true } },
      list: [{ callerPhone: '139****2345' }],
    });
  });

  it('leaves the payload it was given as it was', () => {
    const payload = { incident: { callerPhone: '13905712345' } };
    maskCallerPhones(payload);
    expect(payload.incident.callerPhone).toBe('13905712345');
  });
});
