import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAMERA_ALERT_TYPES } from '@xiaonao/contracts';
import { cameraPolicies, cameraPolicyProblem, DEFAULT_CAMERA_POLICIES, DEFAULT_STORM_WINDOW_SECONDS, judgeAlert, type CameraTypePolicy } from './alert-policy';

const policy = (overrides: Partial<CameraTypePolicy> = {}): CameraTypePolicy => ({ ...DEFAULT_CAMERA_POLICIES.crowd, ...overrides });

describe('the default policy', () => {
  it('dispatches smoke and fire on its own and holds every other type for an operator', () => {
    for (const type of CAMERA_ALERT_TYPES) expect(DEFAULT_CAMERA_POLICIES[type].mode).toBe(type === 'smoke' || type === 'fire' ? 'auto' : 'confirm');
  });

  it('gives every type a threshold between 0 and 1 and a ten-minute storm window', () => {
    for (const type of CAMERA_ALERT_TYPES) {
      expect(DEFAULT_CAMERA_POLICIES[type].type).toBe(type);
      expect(cameraPolicyProblem(DEFAULT_CAMERA_POLICIES[type])).toBeNull();
      expect(DEFAULT_CAMERA_POLICIES[type].stormWindowSeconds).toBe(DEFAULT_STORM_WINDOW_SECONDS);
    }
    expect(DEFAULT_STORM_WINDOW_SECONDS).toBe(600);
  });
});

describe('a township that sets some types', () => {
  it('keeps its own rows, marked custom, and the defaults elsewhere, in vocabulary order', () => {
    const own = policy({ type: 'litter', threshold: 0.95, mode: 'auto', stormWindowSeconds: 120 });
    const all = cameraPolicies([own]);
    expect(all.map((p) => p.type)).toEqual([...CAMERA_ALERT_TYPES]);
    expect(all.find((p) => p.type === 'litter')).toEqual({ ...own, custom: true });
    expect(all.find((p) => p.type === 'smoke')).toEqual({ ...DEFAULT_CAMERA_POLICIES.smoke, custom: false });
  });
});

describe('judging one alert', () => {
  it('records an alert below the threshold and nothing more', () => {
    expect(judgeAlert(0.69, policy({ threshold: 0.7 }))).toBe('below_threshold');
  });

  it('takes an alert exactly at the threshold', () => {
    expect(judgeAlert(0.7, policy({ threshold: 0.7, mode: 'auto' }))).toBe('dispatch');
    expect(judgeAlert(0.7, policy({ threshold: 0.7, mode: 'confirm' }))).toBe('hold');
  });

  it('never takes a confidence that is not a number', () => {
    expect(judgeAlert(Number.NaN, policy({ threshold: 0 }))).toBe('below_threshold');
  });

  it('opens a case exactly when the confidence reaches the threshold, dispatching as the mode says (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('auto' as const, 'confirm' as const), (confidence, threshold, mode) => {
        const verdict = judgeAlert(confidence, policy({ threshold, mode }));
        if (confidence < threshold) expect(verdict).toBe('below_threshold');
        else expect(verdict).toBe(mode === 'auto' ? 'dispatch' : 'hold');
      }),
    );
  });
});

describe('a policy an operator sends', () => {
  it('names a threshold outside 0..1', () => {
    expect(cameraPolicyProblem({ threshold: 1.2, stormWindowSeconds: 600 })?.field).toBe('threshold');
    expect(cameraPolicyProblem({ threshold: -0.1, stormWindowSeconds: 600 })?.field).toBe('threshold');
    expect(cameraPolicyProblem({ threshold: Number.NaN, stormWindowSeconds: 600 })?.field).toBe('threshold');
  });

  it('names a storm window shorter than a minute, longer than a day, or not whole seconds', () => {
    for (const stormWindowSeconds of [59, 86_401, 90.5]) expect(cameraPolicyProblem({ threshold: 0.5, stormWindowSeconds })?.field).toBe('stormWindowSeconds');
    expect(cameraPolicyProblem({ threshold: 0, stormWindowSeconds: 60 })).toBeNull();
    expect(cameraPolicyProblem({ threshold: 1, stormWindowSeconds: 86_400 })).toBeNull();
  });
});
