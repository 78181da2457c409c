import { describe, expect, it } from 'vitest';
import { buildHezhuangTownship, DEMO_API_KEY } from '../township/hezhuang';
import { resolveOptions, SimulatorOptionsError } from './simulator-options';

const seed = buildHezhuangTownship();
const base = { hubUrl: 'http://127.0.0.1:3000/', seed };

describe('simulator options', () => {
  it('fills in the documented defaults', () => {
    const options = resolveOptions(base, () => 1234);
    expect(options).toMatchObject({
      hubUrl: 'http://127.0.0.1:3000',
      apiKey: DEMO_API_KEY,
      operator: { username: 'zhihui', password: '小脑2026' },
      caseIntervalMs: 90_000,
      positionIntervalMs: 5_000,
      speedMps: { walking: 1.3, ebike: 5 },
      answerDelayMs: { min: 5_000, max: 25_000 },
      declineProbability: 0.1,
      gpsNoiseM: 8,
      arriveWithinM: 30,
      random: 1234,
      feedCases: true,
    });
    expect([...options.skipUsernames]).toEqual(['w001']);
  });

  it('keeps what it is told', () => {
    const options = resolveOptions({ ...base, speedMps: { ebike: 6 }, skipUsernames: [], random: 7, declineProbability: 0 });
    expect(options.speedMps).toEqual({ walking: 1.3, ebike: 6 });
    expect(options.skipUsernames.size).toBe(0);
    expect([options.random, options.declineProbability]).toEqual([7, 0]);
  });

  it('names the option that is wrong', () => {
    expect(() => resolveOptions({ ...base, hubUrl: 'not a url' })).toThrow('hubUrl is not a URL: "not a url"');
    expect(() => resolveOptions({ ...base, declineProbability: 1.5 })).toThrow('declineProbability must be between 0 and 1, got 1.5');
    expect(() => resolveOptions({ ...base, positionIntervalMs: 0 })).toThrow('positionIntervalMs must be a positive number, got 0');
    expect(() => resolveOptions({ ...base, answerDelayMs: { min: 9, max: 3 } })).toThrow('answerDelayMs.min must not exceed answerDelayMs.max, got 9 > 3');
    expect(() => resolveOptions({ ...base, seed: { ...seed, users: [] } })).toThrow(SimulatorOptionsError);
    expect(() => resolveOptions({ ...base, seed: { ...seed, apiKeys: [] } })).toThrow('apiKey is missing and the seed has no API key');
  });
});
