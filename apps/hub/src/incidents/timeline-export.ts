/**
 * A case's timeline as a file: JSON (every field, for a machine or an auditor re-checking the hashes)
 * or CSV (for a spreadsheet: Chinese headers first, times in Asia/Shanghai, a check column per event).
 *
 * Events hold no caller name, number or address, so neither file does; they hold the worker's position
 * at each step, so every export is written to the personal-data access log (timeline.controller.ts).
 * Nothing is rewritten here: the hashes must stay checkable outside the hub (docs/personal-data.md).
 */
import { CHAIN_BREAK_LABELS, EVENT_SOURCE_LABELS, TIMELINE_LABELS } from '@xiaonao/contracts';
import { GENESIS_HASH, type ChainedEvent, type ChainCheck, type TimelineVerdict } from '@xiaonao/domain';

export interface TimelineDownload {
  /** ASCII file name, and the same name for browsers that read RFC 6266's filename*. */
  filename: string;
  filenameUtf8: string;
  contentType: string;
  body: string;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** 2025-11-21 14:03:27.123, Beijing time. */
export function shanghaiTime(at: Date | string): string {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of SHANGHAI.formatToParts(new Date(at))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}`;
}

function names(caseNo: string, extension: 'json' | 'csv'): Pick<TimelineDownload, 'filename' | 'filenameUtf8'> {
  return { filename: `timeline-${caseNo.replace(/[^A-Za-z0-9_-]/g, '_')}.${extension}`, filenameUtf8: `处置过程-${caseNo}.${extension}` };
}

export function timelineJson(caseNo: string, events: readonly ChainedEvent[], check: TimelineVerdict & { checkedAt: string }): TimelineDownload {
  const body = {
    caseNo,
    exportedAt: check.checkedAt,
    // How to re-check without this hub: hash = hex SHA-256 of (prevHash + canonical JSON of the event).
    hashing: { algorithm: 'SHA-256', input: 'prevHash + RFC 8785 canonical JSON of {incidentId, seq, type, at, actor, source, workerId, lng, lat, detail}', genesis: GENESIS_HASH },
    verification: { ok: check.ok, chain: check.chain, mismatches: check.mismatches },
    events: events.map((e) => ({
      seq: e.seq,
      at: new Date(e.at).toISOString(),
      atShanghai: shanghaiTime(e.at),
      type: e.type,
      source: e.source,
      actor: e.actor,
      workerId: e.workerId,
      lng: e.lng,
      lat: e.lat,
      detail: e.detail,
      incidentId: e.incidentId,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
  };
  return { ...names(caseNo, 'json'), contentType: 'application/json; charset=utf-8', body: JSON.stringify(body, null, 2) };
}

const HEADERS = [
  '序号 seq',
  '时间（北京时间） time (Asia/Shanghai)',
  '事件 event',
  '事件代码 type',
  '来源 source',
  '操作人 actor',
  '网格员 worker id',
  '经度 lng',
  '纬度 lat',
  '详情 detail',
  '前一哈希 prev hash',
  '哈希 hash',
  '校验 check',
];

/** The check column: intact before the break, the reason at it, unchecked after it. */
function checkText(seq: number, chain: ChainCheck): string {
  if (chain.ok || seq < chain.seq) return '通过 ok';
  if (seq > chain.seq) return '未校验 not checked';
  const label = CHAIN_BREAK_LABELS[chain.reason];
  return `${label.zh} ${label.en}`;
}

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function timelineCsv(caseNo: string, events: readonly ChainedEvent[], check: TimelineVerdict): TimelineDownload {
  const rows: (string | number | null)[][] = events.map((e) => [
    e.seq,
    shanghaiTime(e.at),
    TIMELINE_LABELS[e.type]?.zh ?? e.type,
    e.type,
    EVENT_SOURCE_LABELS[e.source]?.zh ?? e.source,
    e.actor,
    e.workerId,
    e.lng,
    e.lat,
    // Free text (reasons, results) sits inside this JSON cell, which starts with "{": no spreadsheet formula.
    JSON.stringify(e.detail),
    e.prevHash,
    e.hash,
    checkText(e.seq, check.chain),
  ]);
  // A missing event gets a row of its own, so that the spreadsheet shows where the gap is.
  const { chain } = check;
  if (!chain.ok && (chain.reason === 'deleted' || chain.reason === 'truncated') && !events.some((e) => e.seq === chain.seq)) {
    const missing = [chain.seq, ...Array<null>(HEADERS.length - 2).fill(null), checkText(chain.seq, chain)];
    const at = rows.findIndex((r) => Number(r[0]) > chain.seq);
    rows.splice(at === -1 ? rows.length : at, 0, missing);
  }
  // The byte-order mark lets Excel read the file as UTF-8 (Chinese headers), as it expects from a CSV.
  const body = '\uFEFF' + [HEADERS, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return { ...names(caseNo, 'csv'), contentType: 'text/csv; charset=utf-8', body };
}
