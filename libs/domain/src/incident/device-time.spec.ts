import { describe, expect, it } from 'vitest';
import { judgeDeviceTime } from './device-time';

const at = (hms: string) => new Date(`2026-12-02T${hms}+08:00`);
const judge = (deviceAt: string, previousAt: string | null = '10:00:30') =>
  judgeDeviceTime({ deviceAt: at(deviceAt), receivedAt: at('10:05:40'), previousAt: previousAt ? at(previousAt) : null, maxAgeSeconds: 600 });

describe('the device time of a step queued offline', () => {
  it('counts the tap time when it lies between the previous step and the receipt, within the bound', () => {
    const j = judge('10:03:12');
    expect(j.happenedAt).toEqual(at('10:03:12'));
    expect(j.view).toMatchObject({ trusted: true, reason: null, deviceAt: at('10:03:12').toISOString(), receivedAt: at('10:05:40').toISOString() });
  });

  it('takes the receipt time for a tap in the future beyond the tolerance, and for one a few seconds ahead treats it as the receipt', () => {
    expect(judge('10:06:10').view).toMatchObject({ trusted: false, reason: 'future', happenedAt: at('10:05:40').toISOString() });
    expect(judge('10:05:43').view).toMatchObject({ trusted: true, happenedAt: at('10:05:40').toISOString() });
  });

  it('takes the receipt time for a tap older than the bound', () => {
    expect(judge('09:55:39', null).view).toMatchObject({ trusted: false, reason: 'too_old', happenedAt: at('10:05:40').toISOString() });
    expect(judge('09:55:41', null).view.trusted).toBe(true);
  });

  it('never puts a step before the one it follows', () => {
    const j = judge('10:00:10', '10:00:30');
    expect(j.happenedAt).toEqual(at('10:00:30'));
    expect(j.view.reason).toBe('before_previous');
  });
});
