import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerView } from '@xiaonao/contracts';
import { STALE_POSITION_SECONDS, isStale, staleText } from './worker-staleness';

const now = Date.parse('2025-11-21T06:10:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const worker = (over: Partial<WorkerView> = {}): WorkerView => ({
  id: 'w1',
  name: '张三',
  phone: '13800000000',
  team: 'grid_worker',
  gridId: null,
  onDuty: true,
  status: 'available',
  location: { lng: 120.15, lat: 30.27 },
  positionAt: ago(10),
  activeIncidentId: null,
  queuedIncidentId: null,
  ...over,
});

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
});
afterEach(() => vi.unstubAllGlobals());

describe('a worker’s position goes stale', () => {
  it('after the hub’s 120 seconds, not before', () => {
    expect(STALE_POSITION_SECONDS).toBe(120);
    expect(isStale(worker({ positionAt: ago(120) }), now)).toBe(false);
    expect(isStale(worker({ positionAt: ago(121) }), now)).toBe(true);
  });

  it('when on duty without a fix time, never off duty or without a position', () => {
    expect(isStale(worker({ positionAt: null }), now)).toBe(true);
    expect(isStale(worker({ onDuty: false, positionAt: ago(3600) }), now)).toBe(false);
    expect(isStale(worker({ location: null, positionAt: null }), now)).toBe(false);
  });

  it('says how many minutes ago', () => {
    expect(staleText(worker({ positionAt: ago(200) }), now)).toBe('定位过时（3 分钟前）');
  });
});
