import type { IncidentView } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { needsCallerPhone, withKnownCallerPhone } from './caller-phone';
import { newIncidentView } from '../../../../test/support/incident-view';

const me = { id: 'w1', name: '网格员1', phone: '13800000000' };

function incident(over: Partial<IncidentView> = {}): IncidentView {
  return newIncidentView({ id: 'i1', caseNo: '3301', callerPhone: '139****2345', state: 'accepted', worker: me, ...over });
}

const full = incident({ callerPhone: '13905712345', callerPhoneMasked: false });

describe('the caller number on the phone', () => {
  it('keeps the full number through masked news while the worker holds the case', () => {
    const next = withKnownCallerPhone(full, incident({ state: 'contacted' }), 'w1');
    expect(next).toMatchObject({ state: 'contacted', callerPhone: '13905712345', callerPhoneMasked: false });
  });

  it('lets it go when the case closes or goes to someone else', () => {
    expect(withKnownCallerPhone(full, incident({ state: 'closed' }), 'w1').callerPhone).toBe('139****2345');
    expect(withKnownCallerPhone(full, incident({ worker: { ...me, id: 'w2' } }), 'w1').callerPhone).toBe('139****2345');
  });

  it('asks the hub for the number of a held case known only masked, never of an offer or a site check', () => {
    expect(needsCallerPhone(incident(), 'w1')).toBe(true);
    expect(needsCallerPhone(full, 'w1')).toBe(false);
    expect(needsCallerPhone(incident({ state: 'offered' }), 'w1')).toBe(false);
    expect(needsCallerPhone(incident({ contactKind: 'site_check', callerPhone: '' }), 'w1')).toBe(false);
  });
});
