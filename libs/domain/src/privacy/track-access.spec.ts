import { describe, expect, it } from 'vitest';
import { trackAccess, trackWindow } from './track-access';

const HOUR = 3_600_000;
const now = new Date('2026-11-21T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);

describe('who may read a worker track', () => {
  it('lets a worker read their own track only', () => {
    expect(trackAccess({ role: 'worker', workerId: 'w1' }, 'w1')).toBe('own');
    expect(trackAccess({ role: 'worker', workerId: 'w1' }, 'w2')).toBe('refused');
    expect(trackAccess({ role: 'worker', workerId: null }, 'w1')).toBe('refused');
  });

  it('lets an operator read one with a reason, and a station or a township leader never', () => {
    expect(trackAccess({ role: 'operator', workerId: null }, 'w1')).toBe('with_reason');
    expect(trackAccess({ role: 'station', workerId: null }, 'w1')).toBe('refused');
    expect(trackAccess({ role: 'leader', workerId: null }, 'w1')).toBe('refused');
  });
});

describe('the window of a track read', () => {
  it('is the whole retention when nothing is asked', () => {
    expect(trackWindow(now, 72)).toEqual({ from: hoursAgo(72), to: now });
  });

  it('keeps what is asked inside the retention, and cuts what is older or in the future', () => {
    expect(trackWindow(now, 72, { from: hoursAgo(5), to: hoursAgo(1) })).toEqual({ from: hoursAgo(5), to: hoursAgo(1) });
    expect(trackWindow(now, 72, { from: hoursAgo(100), to: new Date(now.getTime() + HOUR) })).toEqual({ from: hoursAgo(72), to: now });
  });

  it('is empty at the retention edge for a window wholly older than it', () => {
    expect(trackWindow(now, 72, { from: hoursAgo(100), to: hoursAgo(80) })).toEqual({ from: hoursAgo(72), to: hoursAgo(72) });
  });

  it('refuses a window that ends before it starts, naming from', () => {
    expect(() => trackWindow(now, 72, { from: hoursAgo(1), to: hoursAgo(2) })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'from' }));
  });
});
