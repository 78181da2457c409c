import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraNoise, DEFAULT_NOISE_RULE } from './camera-noise';

describe('a camera with few dismissals', () => {
  it('is not noisy even when they are all its cases', () => {
    expect(cameraNoise({ dismissals: 2, cases: 2 })).toEqual({ dismissalShare: 1, noisy: false });
  });

  it('has a share of 0 without cases', () => {
    expect(cameraNoise({ dismissals: 0, cases: 0 })).toEqual({ dismissalShare: 0, noisy: false });
  });
});

describe('a camera whose cases keep being dismissed', () => {
  it('is noisy from three dismissals making half its cases', () => {
    expect(cameraNoise({ dismissals: 3, cases: 6 })).toEqual({ dismissalShare: 0.5, noisy: true });
    expect(cameraNoise({ dismissals: 3, cases: 7 }).noisy).toBe(false);
  });

  it('follows a configured rule', () => {
    expect(cameraNoise({ dismissals: 1, cases: 4 }, { minDismissals: 1, share: 0.25 }).noisy).toBe(true);
  });

  it('never counts more dismissals than cases', () => {
    expect(cameraNoise({ dismissals: 4, cases: 1 })).toEqual({ dismissalShare: 1, noisy: true });
  });
});

describe('the share (property)', () => {
  it('lies in 0..1 and grows with dismissals', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (dismissals, cases) => {
        const now = cameraNoise({ dismissals, cases });
        const more = cameraNoise({ dismissals: dismissals + 1, cases: Math.max(cases, dismissals + 1) });
        expect(now.dismissalShare).toBeGreaterThanOrEqual(0);
        expect(now.dismissalShare).toBeLessThanOrEqual(1);
        if (now.noisy && cases >= dismissals + 1) expect(more.noisy).toBe(true);
        expect(now.noisy).toBe(dismissals >= DEFAULT_NOISE_RULE.minDismissals && now.dismissalShare >= DEFAULT_NOISE_RULE.share);
      }),
    );
  });
});
