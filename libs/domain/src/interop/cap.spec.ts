import { describe, expect, it } from 'vitest';
import { CAP_ALERT_TYPE, capCertainty, capIdentifier, toCap, type CapAlertInput } from './cap';

const A1 = '22222222-2222-4222-8222-222222222221';
const A2 = '22222222-2222-4222-8222-222222222222';

function input(over: Partial<CapAlertInput['alert']> = {}, rest: Partial<Omit<CapAlertInput, 'alert'>> = {}): CapAlertInput {
  return {
    alert: {
      id: A1,
      type: 'fire',
      confidence: 0.87,
      seenAt: '2026-03-15T06:00:00.500Z',
      receivedAt: '2026-03-15T06:00:01.250Z',
      outcome: 'opened',
      byOperator: false,
      snapshotRef: 'https://video.example/snap/1.jpg',
      clipRef: 'platform-clip-77',
      ...over,
    },
    camera: { code: 'CAM-01', name: '河庄大道路口', location: { lng: 120.53, lat: 30.29 }, owner: '河庄街道综治中心' },
    incident: { caseNo: 'SP202603150001' },
    opener: { id: A1, receivedAt: '2026-03-15T06:00:01.250Z' },
    township: { code: 'hezhuang', name: '河庄街道' },
    ...rest,
  };
}

describe('a camera alert as CAP 1.2', () => {
  it('is sent by the township, in Beijing time without fractions, Actual, Restricted with a restriction', () => {
    const cap = toCap(input());
    expect(cap).toMatchObject({
      identifier: capIdentifier(A1),
      sender: 'township.hezhuang.xiaonao',
      sent: '2026-03-15T14:00:01+08:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Restricted',
      incidents: 'SP202603150001',
    });
    expect(cap.restriction).toBeTruthy();
    expect(cap.references).toBeUndefined();
  });

  it('maps the type onto category, urgency and severity, in zh-CN, with a circle round the camera (lat,lon km)', () => {
    const [info] = toCap(input()).info;
    expect(info).toMatchObject({ language: 'zh-CN', category: ['Fire'], event: '明火', urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' });
    expect(info.area).toHaveLength(1);
    expect(info.area[0].areaDesc).toContain('河庄大道路口');
    expect(info.area[0].circle).toEqual(['30.290000,120.530000 0.1']);
    expect(toCap(input({ type: 'litter' })).info[0]).toMatchObject({ category: ['Env'], urgency: 'Future', severity: 'Minor' });
    expect(Object.keys(CAP_ALERT_TYPE)).toHaveLength(8);
  });

  it('takes certainty from the confidence, and Observed when an operator saw it', () => {
    expect(capCertainty(0.9, false)).toBe('Likely');
    expect(capCertainty(0.5, false)).toBe('Possible');
    expect(capCertainty(0.01, false)).toBe('Unlikely');
    expect(capCertainty(0.2, true)).toBe('Observed');
  });

  it('is an Update referencing the alert that opened the case when it joined one later', () => {
    const cap = toCap(input({ id: A2, outcome: 'merged', receivedAt: '2026-03-15T06:03:00.000Z' }));
    expect(cap.msgType).toBe('Update');
    expect(cap.references).toBe(`township.hezhuang.xiaonao,${capIdentifier(A1)},2026-03-15T14:00:01+08:00`);
  });

  it('sends URL snapshots as resources and a platform reference as a parameter', () => {
    const [info] = toCap(input()).info;
    expect(info.resource).toEqual([{ resourceDesc: '现场截图 / snapshot', mimeType: 'image/jpeg', uri: 'https://video.example/snap/1.jpg' }]);
    expect(info.parameter).toContainEqual({ valueName: 'clipRef', value: 'platform-clip-77' });
    expect(info.parameter).toContainEqual({ valueName: 'confidence', value: '0.87' });
  });

  it('below the threshold: no case, Monitor', () => {
    const cap = toCap(input({ outcome: 'below_threshold', confidence: 0.2 }, { incident: null, opener: null }));
    expect(cap.incidents).toBeUndefined();
    expect(cap.info[0]).toMatchObject({ responseType: ['Monitor'], certainty: 'Possible' });
    expect(cap.info[0].instruction).toBeUndefined();
  });
});
