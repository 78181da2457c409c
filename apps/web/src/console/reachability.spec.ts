import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReachabilityView } from '@xiaonao/contracts';
import { lastSeenText, reachabilityLines } from './reachability';

const now = Date.parse('2025-11-21T06:10:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const reach = (over: Partial<ReachabilityView> = {}): ReachabilityView => ({
  online: false,
  lastSeenAt: ago(200),
  workedLately: [],
  failedLately: [],
  verdict: 'doubtful',
  ...over,
});

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
});
afterEach(() => vi.unstubAllGlobals());

describe('a worker’s last sign of life', () => {
  it('reads as online, minutes or hours ago, or never', () => {
    expect(lastSeenText(reach({ online: true }), now)).toBe('手机在线');
    expect(lastSeenText(reach({ lastSeenAt: ago(20) }), now)).toBe('手机刚刚在线');
    expect(lastSeenText(reach(), now)).toBe('手机 3 分钟前在线');
    expect(lastSeenText(reach({ lastSeenAt: ago(2 * 3600 + 60) }), now)).toBe('手机 2 小时前在线');
    expect(lastSeenText(reach({ lastSeenAt: null }), now)).toBe('手机无在线记录');
  });

  it('comes with the channels that worked and failed lately', () => {
    expect(reachabilityLines(reach({ workedLately: ['dingtalk', 'sms'], failedLately: ['voice'], verdict: 'good' }), now)).toEqual([
      '手机 3 分钟前在线',
      '近期送达：钉钉工作通知、短信',
      '近期失败：语音电话',
    ]);
  });
});
