import { describe, expect, it } from 'vitest';
import { offeredService, open311Progress, open311Services, parseW3c, shanghaiW3c, type Open311CaseFacts } from './index';

const open: Open311CaseFacts = { state: 'received', closure: null, awaitingConfirmation: false, worker: null, result: null, handbackReason: null };
const zhang = { name: '张三', team: '专职网格员' };

describe('open311Progress', () => {
  it('is open until the case is closed, saying who took it', () => {
    expect(open311Progress(open)).toEqual({ status: 'open', statusNotes: '已受理，正在派单' });
    expect(open311Progress({ ...open, awaitingConfirmation: true }).statusNotes).toBe('已受理，待指挥中心派单');
    expect(open311Progress({ ...open, state: 'accepted', worker: zhang })).toEqual({ status: 'open', statusNotes: '已接单 · 专职网格员张三' });
    expect(open311Progress({ ...open, state: 'arrived', worker: zhang }).statusNotes).toBe('已到场处置 · 专职网格员张三');
  });

  it('is closed for every closure, with the result or the reason after the label', () => {
    expect(open311Progress({ ...open, state: 'closed', closure: 'resolved', result: '双方已调解，摊位挪回原处' })).toEqual({ status: 'closed', statusNotes: '已办结：双方已调解，摊位挪回原处' });
    expect(open311Progress({ ...open, state: 'closed', closure: 'returned_to_police', handbackReason: '现场发现持刀人员' }).statusNotes).toBe('已退回公安：现场发现持刀人员');
    expect(open311Progress({ ...open, state: 'closed', closure: 'handed_to_12345', handbackReason: '属住建部门职责' }).statusNotes).toBe('已移交12345：属住建部门职责');
    expect(open311Progress({ ...open, state: 'closed', closure: 'dismissed' }).statusNotes).toBe('已排除');
    // A case closed before closures were kept counts as solved.
    expect(open311Progress({ ...open, state: 'closed', result: '已处理' }).statusNotes).toBe('已办结：已处理');
  });

  it('masks numbers typed into the result and keeps the note on one short line', () => {
    const notes = open311Progress({ ...open, state: 'closed', closure: 'resolved', result: `已联系业主\n13905712345，${'很长'.repeat(200)}` }).statusNotes;
    expect(notes).not.toContain('13905712345');
    expect(notes).toContain('139****2345');
    expect(notes).not.toContain('\n');
    expect(notes.length).toBeLessThanOrEqual(205);
  });
});

describe('open311Services', () => {
  const rules = [
    { category: 'theft' as const, policeOnly: true },
    { category: 'dispute' as const, policeOnly: false },
  ];

  it('offers every category but the police-only ones, coded by key and named in Chinese', () => {
    const services = open311Services(rules);
    expect(services.map((s) => s.service_code)).not.toContain('theft');
    expect(services.find((s) => s.service_code === 'dispute')).toMatchObject({ service_name: '纠纷', metadata: false, type: 'realtime' });
    expect(offeredService(rules, 'theft')).toBeNull();
    expect(offeredService(rules, 'nonsense')).toBeNull();
    expect(offeredService(rules, 'noise')?.service_name).toBe('噪音扰民');
  });
});

describe('W3C times', () => {
  it('answers in Beijing time with its offset', () => {
    expect(shanghaiW3c(new Date('2026-11-21T01:30:00.412Z'))).toBe('2026-11-21T09:30:00+08:00');
  });

  it('reads full date-times with an offset and bare dates as Beijing midnight; refuses the rest', () => {
    expect(parseW3c('2026-11-21T09:30:00+08:00')?.toISOString()).toBe('2026-11-21T01:30:00.000Z');
    expect(parseW3c('2026-11-21T01:30:00Z')?.toISOString()).toBe('2026-11-21T01:30:00.000Z');
    expect(parseW3c('2026-11-21')?.toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(parseW3c('2026-02-30')).toBeNull();
    expect(parseW3c('2026-11-21T09:30:00')).toBeNull();
    expect(parseW3c('yesterday')).toBeNull();
  });
});
