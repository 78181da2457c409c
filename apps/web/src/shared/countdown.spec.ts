import { describe, expect, it } from 'vitest';
import type { StageClockView } from '@xiaonao/contracts';
import { readClock, remaining } from './countdown';

const received = '2025-11-21T06:00:00.000Z';
const at = (seconds: number) => Date.parse(received) + seconds * 1000;
const acceptClock = (doneAt: string | null = null): StageClockView => ({
  stage: 'accept',
  deadline: '2025-11-21T06:01:00.000Z',
  warnAt: '2025-11-21T06:00:45.000Z',
  status: 'pending',
  doneAt,
});

describe('a running 1-minute accept clock', () => {
  it('reads the full minute at receipt and counts down by the second', () => {
    expect(readClock(acceptClock(), received, at(0)).text).toBe('01:00');
    expect(readClock(acceptClock(), received, at(17.4)).text).toBe('00:43');
  });

  it('turns at risk at the warning share and breached at the deadline, then counts overdue time', () => {
    expect(readClock(acceptClock(), received, at(44)).status).toBe('pending');
    expect(readClock(acceptClock(), received, at(45)).status).toBe('at_risk');
    const late = readClock(acceptClock(), received, at(72));
    expect(late).toMatchObject({ status: 'breached', text: '+00:12', running: true });
  });
});

describe('a finished stage', () => {
  it('shows the time taken, met when done by the deadline and met late after it', () => {
    expect(readClock(acceptClock('2025-11-21T06:00:42.000Z'), received, at(600))).toMatchObject({ status: 'met', text: '0:42', running: false });
    expect(readClock(acceptClock('2025-11-21T06:09:10.000Z'), received, at(600))).toMatchObject({ status: 'met_late', text: '9:10' });
  });
});

describe('an offer countdown', () => {
  it('is gone once the offer has expired', () => {
    expect(remaining('2025-11-21T06:00:20.000Z', at(5))).toBe('00:15');
    expect(remaining('2025-11-21T06:00:20.000Z', at(20))).toBeNull();
  });
});
