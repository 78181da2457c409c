import { describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS, followUpSettingsProblem, planFollowUp, roundCaseNo, sampleDraw } from './followup-rules';

const closedAt = new Date('2026-12-02T02:00:00Z');
const resolved = { id: 'a', category: 'noise' as const, closure: 'resolved' as const, closedAt };

describe('planFollowUp', () => {
  it('calls back every resolved case by default, due 24 h after closing', () => {
    expect(planFollowUp(DEFAULT_FOLLOWUP_SETTINGS, resolved)).toEqual({ due: true, dueAt: new Date('2026-12-03T02:00:00Z') });
  });

  it('never calls back a case that left the township’s hands', () => {
    for (const closure of ['returned_to_police', 'handed_to_12345', 'dismissed'] as const) {
      expect(planFollowUp(DEFAULT_FOLLOWUP_SETTINGS, { ...resolved, closure })).toEqual({ due: false, why: 'not_resolved' });
    }
  });

  it('samples by the case id: the same case always draws the same, and about the rate are picked', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const settings = { ...DEFAULT_FOLLOWUP_SETTINGS, policy: 'sample' as const, sampleRate: 0.25 };
    const picked = ids.filter((id) => planFollowUp(settings, { ...resolved, id }).due);
    expect(picked.length / ids.length).toBeGreaterThan(0.2);
    expect(picked.length / ids.length).toBeLessThan(0.3);
    for (const id of ids.slice(0, 50)) expect(planFollowUp(settings, { ...resolved, id }).due).toBe(sampleDraw(id) < 0.25);
    expect(sampleDraw('x')).toBe(sampleDraw('x'));
    expect(planFollowUp({ ...settings, sampleRate: 1 }, resolved).due).toBe(true);
  });

  it('by category: only the listed categories', () => {
    const settings = { ...DEFAULT_FOLLOWUP_SETTINGS, policy: 'categories' as const, categories: ['dispute' as const], dueHours: 2 };
    expect(planFollowUp(settings, resolved)).toEqual({ due: false, why: 'category_not_listed' });
    expect(planFollowUp(settings, { ...resolved, category: 'dispute' })).toEqual({ due: true, dueAt: new Date('2026-12-02T04:00:00Z') });
  });
});

describe('followUpSettingsProblem', () => {
  it('names the field that cannot stand', () => {
    expect(followUpSettingsProblem(DEFAULT_FOLLOWUP_SETTINGS)).toBeNull();
    expect(followUpSettingsProblem({ ...DEFAULT_FOLLOWUP_SETTINGS, dueHours: 0 })?.field).toBe('dueHours');
    expect(followUpSettingsProblem({ ...DEFAULT_FOLLOWUP_SETTINGS, dueHours: 1.5 })?.field).toBe('dueHours');
    expect(followUpSettingsProblem({ ...DEFAULT_FOLLOWUP_SETTINGS, policy: 'sample', sampleRate: 0 })?.field).toBe('sampleRate');
    expect(followUpSettingsProblem({ ...DEFAULT_FOLLOWUP_SETTINGS, sampleRate: 1.2 })?.field).toBe('sampleRate');
    expect(followUpSettingsProblem({ ...DEFAULT_FOLLOWUP_SETTINGS, policy: 'categories', categories: [] })?.field).toBe('categories');
  });
});

describe('roundCaseNo', () => {
  it('numbers a round after the first round’s number', () => {
    expect(roundCaseNo('110-2026-0001', 1, 2)).toBe('110-2026-0001-R2');
    expect(roundCaseNo('110-2026-0001-R2', 2, 3)).toBe('110-2026-0001-R3');
  });
});
