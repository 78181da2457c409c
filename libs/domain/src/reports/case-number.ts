/**
 * Case numbers for the doors that number their own cases: `ZH-20261121-0007` for an operator's entry
 * (指挥), `XC-20261121-0003` for a patrol report (巡查), `SM-20261121-0001` for a citizen's report through
 * a city's Open311 tool (市民), counted per township, door and day in
 * Asia/Shanghai (a case entered at 00:30 Beijing time belongs to that day, not to the UTC day before).
 */
export const CASE_NO_PREFIXES = { operator: 'ZH', patrol: 'XC', open311: 'SM' } as const;
export type CaseNoPrefix = (typeof CASE_NO_PREFIXES)[keyof typeof CASE_NO_PREFIXES];

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `20261121`: the calendar day in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The `seq`-th case of the day; four digits, more when a day has more cases. */
export function doorCaseNo(prefix: CaseNoPrefix, day: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`case sequence must be a positive integer, got ${seq}`);
  return `${prefix}-${day}-${String(seq).padStart(4, '0')}`;
}
