import { describe, expect, it } from 'vitest';
import { fieldPath, moveStep, normaliseField } from './notify-settings-draft';

describe('the 提醒链 panel names fields as the hub does', () => {
  it('spells a step and a list the way the hub’s own check does', () => {
    expect(fieldPath(0, 'day', 1)).toBe('chains[0].day[1]');
    expect(fieldPath(2, 'night')).toBe('chains[2].night');
    expect(fieldPath(1, 'category')).toBe('chains[1].category');
  });

  it('reads class-validator’s dotted indexes as brackets, leaving other names alone', () => {
    expect(normaliseField('chains.0.day.1.afterSeconds')).toBe('chains[0].day[1].afterSeconds');
    expect(normaliseField('chains.3.night')).toBe('chains[3].night');
    expect(normaliseField('chains[0].day[1].channel')).toBe('chains[0].day[1].channel');
    expect(normaliseField('nightStart')).toBe('nightStart');
  });
});

describe('moving a step', () => {
  it('swaps it with its neighbour, and does nothing past either end', () => {
    const list = ['socket', 'dingtalk', 'sms'];
    moveStep(list, 1, -1);
    expect(list).toEqual(['dingtalk', 'socket', 'sms']);
    moveStep(list, 2, 1);
    moveStep(list, 0, -1);
    expect(list).toEqual(['dingtalk', 'socket', 'sms']);
    moveStep(list, 0, 1);
    expect(list).toEqual(['socket', 'dingtalk', 'sms']);
  });
});
