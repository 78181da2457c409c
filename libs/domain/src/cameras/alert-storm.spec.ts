import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkDismissable, STORM_OPENING_GRACE_MS, stormDecision, stormLastAlertAt, type OpenStorm } from './alert-storm';

const TEN_MINUTES = 600_000;
const t0 = new Date('2026-11-21T01:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);
const storm = (overrides: Partial<OpenStorm> = {}): OpenStorm => ({ incidentId: 'i1', incidentClosed: false, openedAt: t0, lastAlertAt: t0, ...overrides });

describe('the first alert of a camera and type', () => {
  it('opens a storm and a case', () => {
    expect(stormDecision(null, t0, TEN_MINUTES)).toEqual({ kind: 'open', reason: 'first' });
  });
});

describe('a camera repeating the same type', () => {
  it('joins the open case while each alert follows the last within the window', () => {
    expect(stormDecision(storm({ lastAlertAt: after(500_000) }), after(1_000_000), TEN_MINUTES)).toEqual({ kind: 'join' });
  });

  it('joins at exactly the window and opens a new case just after it', () => {
    expect(stormDecision(storm(), after(TEN_MINUTES), TEN_MINUTES)).toEqual({ kind: 'join' });
    expect(stormDecision(storm(), after(TEN_MINUTES + 1), TEN_MINUTES)).toEqual({ kind: 'open', reason: 'quiet' });
  });

  it('joins an alert that arrives out of order, earlier than the last one', () => {
    expect(stormDecision(storm({ lastAlertAt: after(60_000) }), t0, TEN_MINUTES)).toEqual({ kind: 'join' });
  });

  it('follows a configured window', () => {
    expect(stormDecision(storm(), after(90_000), 60_000)).toEqual({ kind: 'open', reason: 'quiet' });
    expect(stormDecision(storm(), after(90_000), 120_000)).toEqual({ kind: 'join' });
  });

  it('refuses a window that is not positive', () => {
    expect(() => stormDecision(null, t0, 0)).toThrow(RangeError);
  });

  it('never lets a late alert move the window back', () => {
    expect(stormLastAlertAt(storm({ lastAlertAt: after(60_000) }), t0)).toEqual(after(60_000));
    expect(stormLastAlertAt(storm(), after(60_000))).toEqual(after(60_000));
  });
});

describe('a storm whose case was closed or dismissed', () => {
  it('starts a new case even inside the window', () => {
    expect(stormDecision(storm({ incidentClosed: true }), after(1_000), TEN_MINUTES)).toEqual({ kind: 'open', reason: 'closed' });
  });
});

describe('a storm still waiting for its case', () => {
  it('joins while the alert that opened it is making the case', () => {
    expect(stormDecision(storm({ incidentId: null }), after(STORM_OPENING_GRACE_MS), TEN_MINUTES)).toEqual({ kind: 'join' });
  });

  it('takes the making over when the case has not come within the grace', () => {
    expect(stormDecision(storm({ incidentId: null }), after(STORM_OPENING_GRACE_MS + 1), TEN_MINUTES)).toEqual({ kind: 'resume' });
  });

  it('starts afresh when the camera was quiet for longer than the window', () => {
    expect(stormDecision(storm({ incidentId: null }), after(TEN_MINUTES + 1), TEN_MINUTES)).toEqual({ kind: 'open', reason: 'quiet' });
  });
});

describe('any sequence of alerts (property)', () => {
  it('makes a new case exactly when the gap since the last alert exceeds the window or the case closed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 2 * TEN_MINUTES }), closeBefore: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 60_000, max: 3 * TEN_MINUTES }),
        (alerts, windowMs) => {
          let open = null as OpenStorm | null;
          let at = t0.getTime();
          let cases = 0;
          let expected = 0;
          for (const [i, a] of alerts.entries()) {
            at += a.gapMs;
            const closed = open !== null && a.closeBefore;
            if (open && closed) open = { ...open, incidentClosed: true };
            if (i === 0 || closed || a.gapMs > windowMs) expected++;
            const decision = stormDecision(open, new Date(at), windowMs);
            if (decision.kind === 'open') {
              cases++;
              open = { incidentId: `i${cases}`, incidentClosed: false, openedAt: new Date(at), lastAlertAt: new Date(at) };
            } else if (open) {
              open = { ...open, lastAlertAt: stormLastAlertAt(open, new Date(at)) };
            }
          }
          expect(cases).toBe(expected);
        },
      ),
    );
  });
});

describe('dismissing a camera case', () => {
  const code = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (e) {
      if (e instanceof DomainError) return e.code;
      throw e;
    }
  };

  it('is allowed while the case waits for an operator and nobody was sent', () => {
    expect(code(() => checkDismissable({ state: 'received', awaitingConfirmation: true, fromCamera: true }))).toBeNull();
  });

  it('is refused for a case no camera raised, a dispatched case and a closed one', () => {
    expect(code(() => checkDismissable({ state: 'received', awaitingConfirmation: true, fromCamera: false }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => checkDismissable({ state: 'received', awaitingConfirmation: false, fromCamera: true }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => checkDismissable({ state: 'offered', awaitingConfirmation: false, fromCamera: true }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => checkDismissable({ state: 'closed', awaitingConfirmation: false, fromCamera: true }))).toBe('ILLEGAL_TRANSITION');
  });
});
