import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_SETTINGS } from '@xiaonao/domain';
import { chainLabel } from './chain-steps';

describe('a chain label', () => {
  it('names channel and delay of each step', () => {
    expect(chainLabel(DEFAULT_NOTIFY_SETTINGS.chains[0].day)).toBe('socket@0 dingtalk@5 sms@12 voice@15');
  });
});
