/**
 * The review's chart options, built from the hub's views: the 1-3-8 rates per row (three bars), and
 * cases by hour and by weekday (bars) with the overall 1-3-8 rate (a line on a percent axis).
 * Dark on screen, black on white in print.
 */
import type { ReviewDimension, ReviewRatesView, ReviewRow } from '@xiaonao/contracts';
import type { ReviewChartOption } from './echarts-setup';
import { pct, rowLabel, weekdayName } from './review-format';
import { rt } from './review-text';

export interface ChartLook {
  print: boolean;
}

const colours = (look: ChartLook) => ({
  text: look.print ? '#111827' : '#8fa0bf',
  line: look.print ? '#9ca3af' : '#24355a',
  accept: '#3b82f6',
  contact: '#22c55e',
  arrive: '#f97316',
  cases: look.print ? '#6b7280' : '#334e7e',
  rate: '#facc15',
});

function axes(look: ChartLook) {
  const c = colours(look);
  return {
    axisLabel: { color: c.text },
    axisLine: { lineStyle: { color: c.line } },
    splitLine: { lineStyle: { color: c.line, type: 'dashed' as const } },
  };
}

const base = (look: ChartLook): ReviewChartOption => ({
  animation: !look.print,
  tooltip: { trigger: 'axis' },
  legend: { top: 0, textStyle: { color: colours(look).text } },
  grid: { left: 48, right: 48, top: 36, bottom: 32, containLabel: true },
});

/** Accept, contact and arrive in time, in percent, for each row of the table. */
export function ratesOption(view: ReviewRatesView, by: ReviewDimension, look: ChartLook): ReviewChartOption {
  const c = colours(look);
  const rows = view.rows;
  const series = (name: string, colour: string, pick: (r: ReviewRow) => number | null) => ({
    type: 'bar' as const,
    name,
    itemStyle: { color: colour },
    barMaxWidth: 18,
    data: rows.map((r) => pct(pick(r))),
  });
  return {
    ...base(look),
    xAxis: { type: 'category', data: rows.map((r) => rowLabel(by, r)), ...axes(look), axisLabel: { color: c.text, interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, name: '%', nameTextStyle: { color: c.text }, ...axes(look) },
    series: [
      series(rt('acceptRate'), c.accept, (r) => r.rates.accept),
      series(rt('contactRate'), c.contact, (r) => r.rates.contact),
      series(rt('arriveRate'), c.arrive, (r) => r.rates.arrive),
    ],
  };
}

/** Cases as bars, the 1-3-8 overall rate as a line, over hours or weekdays. */
export function trendOption(rows: readonly ReviewRow[], names: readonly string[], look: ChartLook): ReviewChartOption {
  const c = colours(look);
  return {
    ...base(look),
    xAxis: { type: 'category', data: [...names], ...axes(look) },
    yAxis: [
      { type: 'value', name: rt('cases'), minInterval: 1, nameTextStyle: { color: c.text }, ...axes(look) },
      { type: 'value', name: '%', min: 0, max: 100, nameTextStyle: { color: c.text }, ...axes(look), splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: rt('cases'), itemStyle: { color: c.cases }, data: rows.map((r) => r.counts.cases) },
      { type: 'line', name: rt('all138'), yAxisIndex: 1, connectNulls: false, itemStyle: { color: c.rate }, lineStyle: { color: c.rate }, data: rows.map((r) => pct(r.rates.all138)) },
    ],
  };
}

export const hourNames = (): string[] => Array.from({ length: 24 }, (_, h) => String(h));
export const weekdayNames = (): string[] => Array.from({ length: 7 }, (_, i) => weekdayName(i + 1));
