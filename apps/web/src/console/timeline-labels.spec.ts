import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineEntryView } from '@xiaonao/contracts';
import { timelineDetailText } from './timeline-labels';

let items: Map<string, string>;
beforeEach(() => {
  items = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
});
afterEach(() => vi.unstubAllGlobals());

const entry = (over: Partial<TimelineEntryView>): TimelineEntryView => ({
  id: '1',
  seq: 1,
  type: 'accepted',
  at: '2026-12-03T08:00:00Z',
  actor: 'worker:w067',
  workerId: null,
  location: null,
  detail: {},
  source: 'phone',
  hash: 'ab',
  ...over,
});

describe('a timeline entry’s words', () => {
  it('name the person behind the actor when the hub gave a name, else the login', () => {
    expect(timelineDetailText(entry({ actorName: '张伟' }))).toBe('张伟');
    expect(timelineDetailText(entry({}))).toBe('w067');
    expect(timelineDetailText(entry({ actor: 'dispatch', source: 'system' }))).toBe('自动派单');
  });

  it('say what an escalation did: who was told, the station informed, the offers withdrawn', () => {
    const escalated = entry({
      type: 'escalated',
      actor: 'clock',
      source: 'system',
      detail: { stage: 'accept', actions: ['next_offer', 'console_alarm', 'notify_grid_leader', 'inform_station'], gridLeaderId: 'g1', stationId: 's1', lapsedOffers: 2 },
    });
    const names = (id: string) => (id === 'g1' ? '李网格长' : undefined);
    expect(timelineDetailText(escalated, names, '城东派出所')).toBe(
      '1-3-8 计时 · 1分钟接单 · 立即转派下一人、指挥台告警、通知网格长（李网格长）、通报派出所（城东派出所）、撤回派单 2 个',
    );
  });

  it('say so when the grid has no leader to tell', () => {
    const escalated = entry({ type: 'escalated', actor: 'clock', source: 'system', detail: { stage: 'accept', actions: ['notify_grid_leader'], gridLeaderId: null, stationId: null, lapsedOffers: 0 } });
    expect(timelineDetailText(escalated)).toContain('通知网格长（网格未设网格长）');
  });
});
