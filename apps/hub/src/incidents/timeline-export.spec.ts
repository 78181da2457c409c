import { describe, expect, it } from 'vitest';
import { judgeTimeline, linkEvent, type ChainAnchor, type ChainedEvent } from '@xiaonao/domain';
import type { TimelineType } from '@xiaonao/contracts';
import { shanghaiTime, timelineCsv, timelineJson } from './timeline-export';

const AT = new Date('2025-11-21T16:30:00.045Z');

function chainOf(steps: [TimelineType, string, Record<string, unknown>][]): { events: ChainedEvent[]; anchor: ChainAnchor } {
  let anchor: ChainAnchor = { count: 0, lastHash: null };
  const events = steps.map(([type, actor, detail]) => {
    const e = linkEvent(anchor, { incidentId: 'i1', type, at: AT, actor, source: actor.startsWith('worker:') ? 'phone' : '110', workerId: null, lng: 120.5, lat: 30.28, detail });
    anchor = { count: e.seq, lastHash: e.hash };
    return e;
  });
  return { events, anchor };
}

const row = { state: 'received', workerId: null, receivedAt: AT, acceptedAt: null, contactedAt: null, arrivedAt: null, closedAt: null, result: null } as const;
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n');

describe('Beijing time in exports', () => {
  it('is eight hours ahead of UTC, across midnight, with milliseconds', () => {
    expect(shanghaiTime(AT)).toBe('2025-11-22 00:30:00.045');
  });
});

describe('the CSV export', () => {
  const { events, anchor } = chainOf([
    ['received', '110:pcs', { caseNo: '3301' }],
    ['declined', 'worker:w1', { reason: '在开会, "很忙"\n稍后' }],
    ['call_attempted', 'worker:w1', {}],
  ]);

  it('starts with a byte-order mark and the Chinese headers, one row per event', () => {
    const file = timelineCsv('3301/01', events, judgeTimeline(events, anchor, row));
    expect(file.body.startsWith('\uFEFF序号 seq,')).toBe(true);
    expect(file).toMatchObject({ filename: 'timeline-3301_01.csv', filenameUtf8: '处置过程-3301/01.csv', contentType: 'text/csv; charset=utf-8' });
    expect(csvLines(file.body)).toHaveLength(4);
  });

  it('quotes a cell with commas, quotes or line breaks', () => {
    const body = timelineCsv('3301', events, judgeTimeline(events, anchor, row)).body;
    expect(body).toContain('"{""reason"":""在开会, \\""很忙\\""\\n稍后""}"');
  });

  it('labels the event and its source in Chinese beside the codes', () => {
    const [, first] = csvLines(timelineCsv('3301', events, judgeTimeline(events, anchor, row)).body);
    expect(first.startsWith('1,2025-11-22 00:30:00.045,接收警情,received,110 联动,110:pcs,')).toBe(true);
  });

  it('adds a row for a deleted event where it was missing, and leaves the rest unchecked', () => {
    const gap = [events[0], events[2]];
    const lines = csvLines(timelineCsv('3301', gap, judgeTimeline(gap, anchor, row)).body);
    expect(lines.map((l) => [l.split(',')[0], l.split(',').at(-1)])).toEqual([
      ['序号 seq', '校验 check'],
      ['1', '通过 ok'],
      ['2', '记录被删除 deleted'],
      ['3', '未校验 not checked'],
    ]);
  });

  it('adds the missing last rows of a truncated chain at the end', () => {
    const cut = events.slice(0, 2);
    const lines = csvLines(timelineCsv('3301', cut, judgeTimeline(cut, anchor, row)).body);
    expect(lines.at(-1)).toBe(`3${','.repeat(12)}末尾记录缺失 last events missing`);
  });
});

describe('the JSON export', () => {
  it('holds every event with both hashes, the verdict and how to recompute the hashes', () => {
    const { events, anchor } = chainOf([['received', '110:pcs', {}]]);
    const body = JSON.parse(timelineJson('3301', events, { ...judgeTimeline(events, anchor, row), checkedAt: AT.toISOString() }).body) as {
      verification: unknown;
      hashing: { genesis: string };
      events: Record<string, unknown>[];
    };
    expect(body.verification).toEqual({ ok: true, chain: { ok: true, checked: 1 }, mismatches: [] });
    expect(body.hashing.genesis).toBe('0'.repeat(64));
    expect(body.events[0]).toMatchObject({ seq: 1, at: AT.toISOString(), atShanghai: '2025-11-22 00:30:00.045', prevHash: '0'.repeat(64), hash: events[0].hash });
  });
});
