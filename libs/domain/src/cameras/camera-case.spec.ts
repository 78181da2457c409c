import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { ALERT_CLOCK_SKEW_MS, ALERT_MAX_AGE_MS, cameraCaseAddress, cameraCaseDescription, cameraCaseNo, cameraCaseReporter, checkAlertTime } from './camera-case';

const camera = { code: 'HZ-CAM-001', name: '农贸市场东门' };

describe('a camera case number', () => {
  it('reads SP, the Shanghai day and the storm number', () => {
    expect(cameraCaseNo(42, new Date('2026-11-21T03:00:00Z'))).toBe('SP-20261121-000042');
    expect(cameraCaseNo('1234567', new Date('2026-11-21T03:00:00Z'))).toBe('SP-20261121-1234567');
  });

  it('belongs to the Beijing day, not the UTC one, after midnight in Shanghai', () => {
    expect(cameraCaseNo(1, new Date('2026-11-20T16:30:00Z'))).toBe('SP-20261121-000001');
  });

  it('refuses a storm number that is not a positive integer', () => {
    for (const bad of [0, -3, 1.5, 'x1']) expect(() => cameraCaseNo(bad, new Date())).toThrow(RangeError);
  });
});

describe('what a camera case says', () => {
  it('names the grid and camera as the place, and the camera as the reporter', () => {
    expect(cameraCaseAddress({ camera, gridName: '河庄集镇第1网格' })).toBe('河庄集镇第1网格 · 摄像头「农贸市场东门」监控范围');
    expect(cameraCaseAddress({ camera, gridName: null })).toBe('摄像头「农贸市场东门」监控范围');
    expect(cameraCaseReporter({ camera, confidence: 0.9 })).toBe('视频告警（农贸市场东门）');
    expect(cameraCaseReporter({ camera, confidence: null })).toBe('视频巡查（农贸市场东门）');
  });

  it('describes an alert with its confidence, and an operator raise with their words', () => {
    expect(cameraCaseDescription({ type: 'smoke', camera, gridName: null, confidence: 0.914 })).toBe('摄像头 HZ-CAM-001 智能分析告警：烟雾（置信度 91%）');
    expect(cameraCaseDescription({ type: 'crowd', camera, gridName: null, confidence: null, note: ' 东门聚集约三十人 ' })).toBe('值班员视频巡查发现：人员聚集。东门聚集约三十人');
    expect(cameraCaseDescription({ type: 'crowd', camera, gridName: null, confidence: null })).toBe('值班员视频巡查发现：人员聚集。');
  });
});

describe('when a camera saw it', () => {
  const now = new Date('2026-11-21T03:00:00Z');
  const field = (at: Date): string | null => {
    try {
      checkAlertTime(at, now);
      return null;
    } catch (e) {
      if (e instanceof DomainError) return e.field ?? '';
      throw e;
    }
  };

  it('takes a time within the camera clock skew ahead and a day back', () => {
    expect(field(new Date(now.getTime() + ALERT_CLOCK_SKEW_MS))).toBeNull();
    expect(field(new Date(now.getTime() - ALERT_MAX_AGE_MS))).toBeNull();
  });

  it('names `at` for a time in the future, too old, or not a time', () => {
    expect(field(new Date(now.getTime() + ALERT_CLOCK_SKEW_MS + 1))).toBe('at');
    expect(field(new Date(now.getTime() - ALERT_MAX_AGE_MS - 1))).toBe('at');
    expect(field(new Date('nonsense'))).toBe('at');
  });
});
