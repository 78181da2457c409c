/** Each review table as CSV (UTF-8 with BOM, Chinese headers first, rates in percent). */
import { Inject, Injectable } from '@nestjs/common';
import { GRID_BAND_LABELS, REVIEW_DIMENSION_LABELS, type ReviewRates, type ReviewRow, type ReviewTable, type SessionUser } from '@xiaonao/contracts';
import { toCsv, type CsvValue } from '@xiaonao/domain';
import { ReviewQueries, type ReviewAsk } from './review-queries';

export interface ReviewDownload {
  filename: string;
  filenameUtf8: string;
  body: string;
}

const pct = (x: number | null): CsvValue => (x === null ? null : Math.round(x * 1000) / 10);
const RATE_HEADERS = ['案件数 cases', '接单按时率% accept', '联系按时率% contact', '到场按时率% arrive', '1-3-8 综合% all', '超时 breached', '办结 closed', '退回公安 returned', '移交12345 handed', '回访满意率% satisfaction'];
const rateCells = (r: ReviewRow): CsvValue[] => {
  const c = r.counts;
  const rates: ReviewRates = r.rates;
  return [c.cases, pct(rates.accept), pct(rates.contact), pct(rates.arrive), pct(rates.all138), c.breached, c.closed, c.closedReturned, c.closedHanded, pct(rates.satisfaction)];
};
const TABLE_NAMES: Record<ReviewTable, string> = {
  rates: '1-3-8按时率',
  trends: '时段趋势',
  'repeat-places': '重复地点',
  'repeat-callers': '重复来电',
  slowest: '最慢案件',
  heatmap: '热力图',
  'grid-index': '网格指数',
};

@Injectable()
export class ReviewExport {
  constructor(@Inject(ReviewQueries) private readonly queries: ReviewQueries) {}

  async csv(user: SessionUser, table: ReviewTable, ask: ReviewAsk & { month?: string }): Promise<ReviewDownload> {
    const { body, span } = await this.build(user, table, ask);
    return { filename: `review-${table}-${span}.csv`, filenameUtf8: `研判-${TABLE_NAMES[table]}-${span}.csv`, body };
  }

  private async build(user: SessionUser, table: ReviewTable, ask: ReviewAsk & { month?: string }): Promise<{ body: string; span: string }> {
    switch (table) {
      case 'rates': {
        const v = await this.queries.rates(user, ask);
        const label = REVIEW_DIMENSION_LABELS[v.by];
        const body = toCsv([`${label.zh} ${label.en}`, ...RATE_HEADERS], [...v.rows, v.total].map((r) => [r.label, ...rateCells(r)]));
        return { body, span: `${v.period.from}_${v.period.to}` };
      }
      case 'trends': {
        const v = await this.queries.trends(user, ask);
        const rows = [...v.byHour.map((r) => ['时段 hour', r.label, ...rateCells(r)]), ...v.byWeekday.map((r) => ['星期 weekday', r.label, ...rateCells(r)])];
        return { body: toCsv(['维度 by', '时段 slot', ...RATE_HEADERS], rows), span: `${v.period.from}_${v.period.to}` };
      }
      case 'repeat-places': {
        const v = await this.queries.repeatPlaces(user, ask);
        const rows = v.places.map((p) => [p.address, p.lng, p.lat, p.cases, p.peak, p.firstDay, p.lastDay]);
        return { body: toCsv(['地址 address', '经度 lng', '纬度 lat', '案件数 cases', `${v.days}天内最多 peak`, '首次 first day', '最近 last day'], rows), span: `${v.period.from}_${v.period.to}` };
      }
      case 'repeat-callers': {
        const v = await this.queries.repeatCallers(user, ask);
        const rows = v.callers.map((c) => [c.phone, c.cases, c.peak, c.firstDay, c.lastDay]);
        return { body: toCsv(['来电号码 phone', '案件数 cases', `${v.days}天内最多 peak`, '首次 first day', '最近 last day'], rows), span: `${v.period.from}_${v.period.to}` };
      }
      case 'slowest': {
        const v = await this.queries.slowest(user, ask);
        const rows = v.cases.map((c) => [c.caseNo, c.receivedAt, c.category, c.acceptSeconds, c.contactSeconds, c.arriveSeconds, c.closedSeconds, c.id]);
        return { body: toCsv(['案件编号 case no', '接警时间 received (UTC)', '类别 category', '接单秒 accept s', '联系秒 contact s', '到场秒 arrive s', '办结秒 closed s', 'id'], rows), span: `${v.period.from}_${v.period.to}` };
      }
      case 'heatmap': {
        const v = await this.queries.heatmap(user, ask);
        return { body: toCsv(['经度 lng', '纬度 lat', '案件数 weight'], v.points.map((p) => [p.lng, p.lat, p.weight])), span: `${v.period.from}_${v.period.to}` };
      }
      case 'grid-index': {
        const v = await this.queries.gridIndex(user, ask.month);
        const rows = v.rows.map((r) => [
          r.gridCode,
          r.gridName,
          r.score,
          r.band ? GRID_BAND_LABELS[r.band].zh : null,
          r.inputs.cases,
          r.inputs.residents,
          r.inputs.casesPer1000,
          r.inputs.repeatCases,
          pct(r.inputs.rates.accept),
          pct(r.inputs.rates.contact),
          pct(r.inputs.rates.arrive),
          pct(r.inputs.rates.satisfaction),
        ]);
        const headers = ['网格编码 code', '网格 grid', '指数 score', '分档 band', '案件数 cases', '人口 residents', '每千人案件 per 1000', '重复地点案件 repeat cases', '接单% accept', '联系% contact', '到场% arrive', '满意率% satisfaction'];
        return { body: toCsv(headers, rows), span: v.month };
      }
    }
  }
}
