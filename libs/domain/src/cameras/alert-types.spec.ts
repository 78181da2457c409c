import { describe, expect, it } from 'vitest';
import { CAMERA_ALERT_TYPES, CAMERA_ALERT_TYPE_LABELS, CATEGORIES, POLICE_CATEGORIES } from '@xiaonao/contracts';
import { categoryOfAlert } from './alert-types';

describe('the category a camera alert opens', () => {
  it('makes smoke and fire fire hazards, crowds and fights disputes, parking a blocked passage, water a leak', () => {
    expect(categoryOfAlert('smoke')).toBe('fire_hazard');
    expect(categoryOfAlert('fire')).toBe('fire_hazard');
    expect(categoryOfAlert('crowd')).toBe('dispute');
    expect(categoryOfAlert('fight')).toBe('dispute');
    expect(categoryOfAlert('illegal_parking')).toBe('blocked_passage');
    expect(categoryOfAlert('water')).toBe('water_leak');
  });

  it('files street vending and litter as other', () => {
    expect(categoryOfAlert('street_vending')).toBe('other');
    expect(categoryOfAlert('litter')).toBe('other');
  });

  it('gives every type a known category that is never a police matter', () => {
    for (const type of CAMERA_ALERT_TYPES) {
      expect(CATEGORIES).toContain(categoryOfAlert(type));
      expect(POLICE_CATEGORIES as readonly string[]).not.toContain(categoryOfAlert(type));
    }
  });

  it('labels every type in Chinese and English', () => {
    for (const type of CAMERA_ALERT_TYPES) {
      expect(CAMERA_ALERT_TYPE_LABELS[type].zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(CAMERA_ALERT_TYPE_LABELS[type].en).toMatch(/^[A-Z]/);
    }
  });
});
