import { describe, expect, it } from 'vitest';
import { callAttemptBody, noteVisibility, startCall, timeAwaySeconds } from './call-tracker';

const t0 = Date.parse('2026-11-21T01:30:00Z');
const s = (seconds: number) => t0 + seconds * 1000;

describe('a call placed from the phone page', () => {
  it('takes the time the dialer had the screen as the call length', () => {
    let call = startCall('i1', s(0));
    call = noteVisibility(call, true, s(1));
    call = noteVisibility(call, false, s(96));
    expect(timeAwaySeconds(call)).toBe(95);
    expect(callAttemptBody(call, true)).toEqual({ answered: true, durationSeconds: 95, startedAt: '2026-11-21T01:30:00.000Z' });
  });

  it('adds up several trips away, and ignores a repeated hidden or visible', () => {
    let call = startCall('i1', s(0));
    call = noteVisibility(call, true, s(1));
    call = noteVisibility(call, true, s(5));
    call = noteVisibility(call, false, s(11));
    call = noteVisibility(call, false, s(20));
    call = noteVisibility(call, true, s(30));
    call = noteVisibility(call, false, s(40));
    expect(timeAwaySeconds(call)).toBe(20);
  });

  it('sends no duration for an unanswered call, or when the page never left the screen', () => {
    const stayed = startCall('i1', s(0));
    expect(callAttemptBody(stayed, true)).toEqual({ answered: true, startedAt: '2026-11-21T01:30:00.000Z' });
    const away = noteVisibility(noteVisibility(stayed, true, s(1)), false, s(30));
    expect(callAttemptBody(away, false)).toEqual({ answered: false, startedAt: '2026-11-21T01:30:00.000Z' });
  });

  it('does not take a page left for hours as a call', () => {
    const call = noteVisibility(noteVisibility(startCall('i1', s(0)), true, s(1)), false, s(5 * 3600));
    expect(timeAwaySeconds(call)).toBeNull();
  });
});
