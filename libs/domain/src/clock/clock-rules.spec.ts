import { describe, expect, it } from 'vitest';
import { clockRuleProblem, resolveClockPolicy, type ClockRule } from './clock-rules';
import { DEFAULT_CLOCK_POLICY } from './one-three-eight';

const rule = (category: ClockRule['category'], priority: number | null, acceptSeconds: number): ClockRule => ({
  category,
  priority,
  acceptSeconds,
  contactSeconds: 180,
  arriveSeconds: 480,
  warnShare: 0.75,
});

describe('which 1-3-8 windows a case gets', () => {
  const rules = [rule(null, null, 90), rule(null, 1, 45), rule('fire_hazard', null, 30), rule('fire_hazard', 1, 20)];

  it('takes the hub default when the township has no rule', () => {
    expect(resolveClockPolicy([], 'noise', 3, DEFAULT_CLOCK_POLICY)).toEqual(DEFAULT_CLOCK_POLICY);
  });

  it('takes the township-wide rule over the default', () => {
    expect(resolveClockPolicy(rules, 'noise', 3, DEFAULT_CLOCK_POLICY).acceptSeconds).toBe(90);
  });

  it('takes a priority rule over the township-wide one', () => {
    expect(resolveClockPolicy(rules, 'noise', 1, DEFAULT_CLOCK_POLICY).acceptSeconds).toBe(45);
  });

  it('takes a category rule over a priority rule', () => {
    expect(resolveClockPolicy(rules, 'fire_hazard', 2, DEFAULT_CLOCK_POLICY).acceptSeconds).toBe(30);
  });

  it('takes category and priority together over either alone, whatever the order of the rules', () => {
    expect(resolveClockPolicy([...rules].reverse(), 'fire_hazard', 1, DEFAULT_CLOCK_POLICY).acceptSeconds).toBe(20);
  });

  it('ignores rules for other categories and priorities', () => {
    expect(resolveClockPolicy([rule('dispute', 2, 10)], 'dispute', 3, DEFAULT_CLOCK_POLICY)).toEqual(DEFAULT_CLOCK_POLICY);
  });
});

describe('a rule that cannot stand', () => {
  it.each([
    [{ acceptSeconds: 0 }, 'acceptSeconds'],
    [{ contactSeconds: 50 }, 'contactSeconds'],
    [{ arriveSeconds: 100 }, 'arriveSeconds'],
    [{ warnShare: 1 }, 'warnShare'],
    [{ warnShare: 0 }, 'warnShare'],
  ])('is refused, naming the field (%j)', (change, field) => {
    expect(clockRuleProblem({ ...DEFAULT_CLOCK_POLICY, ...change })?.field).toBe(field);
  });

  it('passes when the windows follow each other', () => {
    expect(clockRuleProblem(DEFAULT_CLOCK_POLICY)).toBeNull();
  });
});
