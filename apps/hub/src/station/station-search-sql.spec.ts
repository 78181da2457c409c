import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_POLICY } from '@xiaonao/domain';
import { likePattern, stationSearchWhere, type StationSearchFilters } from './station-search-sql';

const none: StationSearchFilters = { townshipId: 't', stationId: 's', q: null, linkedIds: [], state: null, closure: null, category: null, since: null, until: null, breached: null, after: null };
const now = new Date('2026-12-03T08:00:00Z');

describe('the station search clause', () => {
  it('always scopes to the station of its township, first', () => {
    const { where, params } = stationSearchWhere(none, now, DEFAULT_CLOCK_POLICY);
    expect(where).toBe('i.township_id = $1 AND i.station_id = $2');
    expect(params).toEqual(['t', 's']);
  });

  it('treats what a person typed as text, not a pattern', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
    const { where, params } = stationSearchWhere({ ...none, q: '幸福路', linkedIds: ['r'] }, now, DEFAULT_CLOCK_POLICY);
    expect(params).toEqual(['t', 's', '%幸福路%', ['r']]);
    expect(where).toContain('i.case_no ILIKE $3');
    expect(where).not.toContain('caller_phone');
  });

  it('passes every value as a parameter, never in the text', () => {
    const { where, params } = stationSearchWhere(
      { ...none, state: 'open', closure: 'resolved', category: 'noise', since: new Date(0), until: now, breached: true, after: 'c' },
      now,
      { ...DEFAULT_CLOCK_POLICY, acceptSeconds: 61 },
    );
    expect(where).toContain(`i.state <> 'closed'`);
    expect(where).not.toMatch(/resolved|noise|61/);
    expect(params).toEqual(['t', 's', 'resolved', 'noise', new Date(0), now, now, 61, 180, 480, 'c']);
  });

  it('reads "not breached" as the negation of the breach rule', () => {
    const breached = stationSearchWhere({ ...none, breached: true }, now, DEFAULT_CLOCK_POLICY).where;
    const onTime = stationSearchWhere({ ...none, breached: false }, now, DEFAULT_CLOCK_POLICY).where;
    expect(onTime).toBe(breached.replace('AND ((i.accepted_at', 'AND NOT ((i.accepted_at'));
  });
});
