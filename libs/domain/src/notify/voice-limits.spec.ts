import { describe, expect, it } from 'vitest';
import { voiceCallAllowed } from './voice-limits';

const NOW = new Date('2025-03-10T08:00:00Z');
/** A call `minutes` before NOW. */
const ago = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);
const at = (minutesFromNow: number): Date => new Date(NOW.getTime() + minutesFromNow * 60_000);

describe('a number nobody called lately', () => {
  it('may be called', () => {
    expect(voiceCallAllowed([], NOW)).toEqual({ allowed: true });
  });

  it('may be called when the earlier calls are older than a day', () => {
    expect(voiceCallAllowed(Array.from({ length: 30 }, (_, i) => ago(24 * 60 + 1 + i)), NOW)).toEqual({ allowed: true });
  });
});

describe('the one-a-minute rule', () => {
  it('refuses a second call 30 seconds after the first, until a minute has passed', () => {
    expect(voiceCallAllowed([ago(0.5)], NOW)).toEqual({ allowed: false, rule: 'minute', nextAt: at(0.5) });
  });

  it('allows the call exactly one minute after the last', () => {
    expect(voiceCallAllowed([ago(1)], NOW)).toEqual({ allowed: true });
  });

  it('counts a call the provider logged a little ahead of our clock', () => {
    expect(voiceCallAllowed([at(0.1)], NOW)).toEqual({ allowed: false, rule: 'minute', nextAt: at(1.1) });
  });
});

describe('the five-an-hour rule', () => {
  it('refuses a sixth call within the hour until the oldest of the five leaves it', () => {
    const calls = [ago(50), ago(40), ago(30), ago(20), ago(10)];
    expect(voiceCallAllowed(calls, NOW)).toEqual({ allowed: false, rule: 'hour', nextAt: at(10) });
  });

  it('does not care about the order the calls are given in', () => {
    const calls = [ago(10), ago(50), ago(30), ago(40), ago(20)];
    expect(voiceCallAllowed(calls, NOW)).toMatchObject({ allowed: false, nextAt: at(10) });
  });

  it('allows the call once only four fall within the hour', () => {
    expect(voiceCallAllowed([ago(61), ago(40), ago(30), ago(20), ago(10)], NOW)).toEqual({ allowed: true });
  });
});

describe('the twenty-a-day rule, over a rolling 24 hours', () => {
  // Twenty calls, one every 70 minutes, the last an hour ago: never more than one in an hour.
  const calls = Array.from({ length: 20 }, (_, i) => ago(60 + i * 70));

  it('refuses the 21st call until the oldest is a day old', () => {
    const oldest = ago(60 + 19 * 70);
    expect(voiceCallAllowed(calls, NOW)).toEqual({ allowed: false, rule: 'day', nextAt: new Date(oldest.getTime() + 86_400_000) });
  });

  it('does not reset at midnight in Asia/Shanghai', () => {
    // 00:01 in Shanghai; twenty calls of the day before, from 01:41 to 23:51, one every 70 minutes.
    const justAfterMidnight = new Date('2025-03-10T16:01:00Z');
    const evening = Array.from({ length: 20 }, (_, i) => new Date(justAfterMidnight.getTime() - (10 + i * 70) * 60_000));
    expect(voiceCallAllowed(evening, justAfterMidnight)).toMatchObject({ allowed: false, rule: 'day' });
  });
});

describe('several rules at once', () => {
  it('names the rule that holds out longest and waits for all of them', () => {
    // Five calls in the last 5 minutes: minute rule frees at +1, hour rule at +55.
    const calls = [ago(5), ago(4), ago(3), ago(2), ago(0.5)];
    expect(voiceCallAllowed(calls, NOW)).toEqual({ allowed: false, rule: 'hour', nextAt: at(55) });
  });

  it('is allowed at the nextAt it gave', () => {
    const calls = [ago(5), ago(4), ago(3), ago(2), ago(0.5)];
    const verdict = voiceCallAllowed(calls, NOW);
    if (verdict.allowed) throw new Error('expected a refusal');
    expect(voiceCallAllowed(calls, verdict.nextAt)).toEqual({ allowed: true });
  });
});
