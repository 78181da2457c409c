import { describe, expect, it } from 'vitest';
import { byUrgency, urgencyOf, type UrgencyCase } from './urgency-order';

const now = new Date('2026-12-03T08:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
/** A case whose one running clock warns and falls due so many seconds from now. */
const running = (name: string, warnIn: number, dueIn: number, receivedAgo = 60): UrgencyCase & { name: string } => ({
  name,
  closed: false,
  receivedAt: at(-receivedAgo),
  clocks: [
    { deadline: at(-receivedAgo), warnAt: at(-receivedAgo), doneAt: at(-receivedAgo) },
    { deadline: at(dueIn), warnAt: at(warnIn), doneAt: null },
  ],
});
const quiet = (name: string, receivedAgo: number): UrgencyCase & { name: string } => ({
  name,
  closed: false,
  receivedAt: at(-receivedAgo),
  clocks: [{ deadline: at(-1), warnAt: at(-2), doneAt: at(-receivedAgo + 1) }],
});
const closed = (name: string): UrgencyCase & { name: string } => ({ ...running(name, -100, -10), closed: true });
const names = (cases: readonly (UrgencyCase & { name: string })[]) => byUrgency(cases, now, (c) => c).map((c) => c.name);

describe('the urgency of one case', () => {
  it('is its worst running clock, with the earliest running deadline', () => {
    expect(urgencyOf(running('a', 10, 60), now)).toEqual({ band: 'running', nextDeadline: at(60) });
    expect(urgencyOf(running('a', -1, 60), now)).toEqual({ band: 'at_risk', nextDeadline: at(60) });
    expect(urgencyOf(running('a', -60, 0), now)).toEqual({ band: 'breached', nextDeadline: at(0) });
  });

  it('ignores stopped clocks, however late they stopped', () => {
    expect(urgencyOf(quiet('q', 600), now)).toEqual({ band: 'quiet', nextDeadline: null });
  });

  it('is closed for a closed case, whatever its clocks say', () => {
    expect(urgencyOf(closed('c'), now).band).toBe('closed');
  });
});

describe('the console order', () => {
  it('puts breached cases first, then at risk, then running, then quiet, then closed', () => {
    const list = [closed('closed'), quiet('quiet', 60), running('running', 30, 90), running('at risk', -5, 20), running('breached', -50, -10)];
    expect(names(list)).toEqual(['breached', 'at risk', 'running', 'quiet', 'closed']);
  });

  it('orders each band by the nearest deadline: the most overdue breach leads', () => {
    const list = [running('late by 10 s', -50, -10), running('late by 5 min', -400, -300), running('due in 2 min', 60, 120), running('due in 1 min', 30, 60)];
    expect(names(list)).toEqual(['late by 5 min', 'late by 10 s', 'due in 1 min', 'due in 2 min']);
  });

  it('puts a breached old case ahead of a newer case that is merely running', () => {
    const list = [running('new', 40, 100, 5), running('old', -300, -60, 600)];
    expect(names(list)).toEqual(['old', 'new']);
  });

  it('breaks ties newest first, and keeps the input order after that', () => {
    const list = [quiet('older', 600), quiet('newer', 60), running('same A', 10, 60, 120), running('same B', 10, 60, 30), running('same C', 10, 60, 30)];
    expect(names(list)).toEqual(['same B', 'same C', 'same A', 'newer', 'older']);
  });

  it('does not change the list it is given', () => {
    const list = [running('b', 30, 90), running('a', -50, -10)];
    byUrgency(list, now, (c) => c);
    expect(list.map((c) => c.name)).toEqual(['b', 'a']);
  });
});
