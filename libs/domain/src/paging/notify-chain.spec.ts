import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '@xiaonao/contracts';
import { chainFor, checkNotifySettings, DEFAULT_NOTIFY_SETTINGS, isNight, isPhoneOnline, movesChainOn, offerWindowSeconds, pageBroughtForward, pagesMootAfterRead, planPages, reachabilityVerdict } from './notify-chain';

const at = (hms: string) => new Date(`2026-12-02T${hms}+08:00`);
const usable = (): string | null => null;

describe('the notifier chain of an offer', () => {
  it('uses the night chain between 00:00 and 06:00 Shanghai time, calling first', () => {
    expect(isNight(at('00:30:00'), '00:00', '06:00')).toBe(true);
    expect(isNight(at('06:00:00'), '00:00', '06:00')).toBe(false);
    expect(isNight(at('23:30:00'), '22:00', '06:00')).toBe(true);
    const night = chainFor(DEFAULT_NOTIFY_SETTINGS, 'noise', at('02:00:00'));
    expect(night.night).toBe(true);
    expect(night.steps.map((s) => s.channel).slice(0, 2)).toEqual(['socket', 'voice']);
    expect(chainFor(DEFAULT_NOTIFY_SETTINGS, 'noise', at('10:00:00')).steps.map((s) => s.channel)).toEqual(['socket', 'dingtalk', 'sms', 'voice']);
  });

  it('prefers a category’s own chain', () => {
    const settings = { ...DEFAULT_NOTIFY_SETTINGS, chains: [...DEFAULT_NOTIFY_SETTINGS.chains, { category: 'fire_hazard' as const, day: [{ channel: 'voice' as const, afterSeconds: 0 }], night: [{ channel: 'voice' as const, afterSeconds: 0 }] }] };
    expect(chainFor(settings, 'fire_hazard', at('10:00:00')).steps).toEqual([{ channel: 'voice', afterSeconds: 0 }]);
  });

  it('plans each step after the offer, leaves out steps due after it lapses, and skips channels it cannot use', () => {
    const unusable = (c: ChannelKind) => (c === 'dingtalk' ? '缺少钉钉账号' : null);
    const plan = planPages(DEFAULT_NOTIFY_SETTINGS.chains[0].day, { offeredAt: at('10:00:00'), expiresAt: at('10:00:14'), online: true, unusable });
    expect(plan.map((p) => [p.channel, p.status, p.dueAt.toISOString()])).toEqual([
      ['socket', 'scheduled', at('10:00:00').toISOString()],
      ['dingtalk', 'skipped', at('10:00:05').toISOString()],
      ['sms', 'scheduled', at('10:00:12').toISOString()],
    ]);
  });

  it('brings the first usable step forward when the page is not connected', () => {
    const plan = planPages(DEFAULT_NOTIFY_SETTINGS.chains[0].day, { offeredAt: at('10:00:00'), expiresAt: at('10:00:20'), online: false, unusable: usable });
    expect(plan.map((p) => [p.channel, p.dueAt.toISOString()])).toEqual([
      ['socket', at('10:00:00').toISOString()],
      ['dingtalk', at('10:00:00').toISOString()],
      ['sms', at('10:00:12').toISOString()],
      ['voice', at('10:00:15').toISOString()],
    ]);
  });

  it('refuses settings that name no general chain or go back in time, naming the field', () => {
    expect(() => checkNotifySettings({ ...DEFAULT_NOTIFY_SETTINGS, chains: [] })).toThrow(expect.objectContaining({ field: 'chains' }));
    const backwards = { category: null, day: [{ channel: 'sms' as const, afterSeconds: 10 }, { channel: 'voice' as const, afterSeconds: 5 }], night: [{ channel: 'voice' as const, afterSeconds: 0 }] };
    expect(() => checkNotifySettings({ ...DEFAULT_NOTIFY_SETTINGS, chains: [backwards] })).toThrow(expect.objectContaining({ field: 'chains[0].day[1].afterSeconds' }));
    expect(() => checkNotifySettings({ ...DEFAULT_NOTIFY_SETTINGS, nightStart: '25:00' })).toThrow(expect.objectContaining({ field: 'nightStart' }));
  });
});

describe('whether a worker can be reached', () => {
  it('counts a phone online from its last sign of life until it disconnects or falls silent', () => {
    const now = at('10:10:00');
    expect(isPhoneOnline({ lastSeenAt: at('10:09:00'), offlineAt: null, positionAt: null }, now)).toBe(true);
    expect(isPhoneOnline({ lastSeenAt: at('10:00:00'), offlineAt: null, positionAt: at('10:09:30') }, now)).toBe(true);
    expect(isPhoneOnline({ lastSeenAt: at('10:09:00'), offlineAt: at('10:09:30'), positionAt: null }, now)).toBe(false);
    expect(isPhoneOnline({ lastSeenAt: at('10:00:00'), offlineAt: null, positionAt: null }, now)).toBe(false);
  });

  it('judges good when online or a channel worked lately, bad when channels only failed', () => {
    expect(reachabilityVerdict({ online: false, workedLately: ['dingtalk'], failedLately: ['sms'] })).toBe('good');
    expect(reachabilityVerdict({ online: false, workedLately: [], failedLately: ['sms'] })).toBe('bad');
    expect(reachabilityVerdict({ online: false, workedLately: [], failedLately: [] })).toBe('doubtful');
  });
});

describe('the chain as attempts come back', () => {
  const page = (step: number, channel: ChannelKind, status: 'scheduled' | 'sent' | 'failed', due: string) => ({ step, channel, status, dueAt: at(due) });
  const pages = [page(0, 'socket', 'failed', '10:00:00'), page(1, 'dingtalk', 'sent', '10:00:00'), page(2, 'sms', 'scheduled', '10:00:12'), page(3, 'voice', 'scheduled', '10:00:15')];

  it('brings the next waiting step forward after a failure, and nothing when it is already due', () => {
    expect(pageBroughtForward(pages, 1, at('10:00:03'))?.channel).toBe('sms');
    expect(pageBroughtForward(pages, 1, at('10:00:13'))).toBeNull();
    expect(pageBroughtForward(pages, 3, at('10:00:03'))).toBeNull();
  });

  it('moves on at once after a failure, and when the page got the offer while hidden', () => {
    expect(movesChainOn('sms', 'failed')).toBe(true);
    expect(movesChainOn('socket', 'delivered')).toBe(true);
    expect(movesChainOn('dingtalk', 'delivered')).toBe(false);
    expect(movesChainOn('socket', 'read')).toBe(false);
  });

  it('sends no more text once the worker has read the offer, but still calls', () => {
    expect(pagesMootAfterRead(pages).map((p) => p.channel)).toEqual(['sms']);
  });

  it('gives a worker whose page is closed long enough for the chain to reach them', () => {
    expect(offerWindowSeconds(20, true, 45)).toBe(20);
    expect(offerWindowSeconds(20, false, 45)).toBe(45);
    expect(offerWindowSeconds(60, false, 45)).toBe(60);
  });
});
