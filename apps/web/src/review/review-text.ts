/** Text of the 研判 page: Simplified Chinese first, English on request (the shared toggle re-renders through a signal). */
import type { Locale } from '@xiaonao/contracts';
import { textOf } from '../shared/i18n';
import { lang } from '../shared/ui/page-signals';

const TEXT = {
  title: { zh: '研判', en: 'Daily review' },
  logout: { zh: '退出', en: 'Sign out' },
  backToConsole: { zh: '返回指挥台', en: 'Back to the console' },
  backToStation: { zh: '返回派出所', en: 'Back to the station' },
  loading: { zh: '加载中…', en: 'Loading…' },
  empty: { zh: '本时段暂无数据', en: 'Nothing in this period' },
  period: { zh: '时段', en: 'Period' },
  today: { zh: '今天', en: 'Today' },
  yesterday: { zh: '昨天', en: 'Yesterday' },
  last7: { zh: '近7天', en: 'Last 7 days' },
  thisMonth: { zh: '本月', en: 'This month' },
  lastMonth: { zh: '上月', en: 'Last month' },
  custom: { zh: '自定义', en: 'Custom' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  apply: { zh: '查询', en: 'Apply' },
  badPeriod: { zh: '起止日期须为 YYYY-MM-DD，且起不晚于止', en: 'Both days as YYYY-MM-DD, the first not after the last' },
  print: { zh: '打印日报', en: 'Print daily review' },
  printNow: { zh: '打印', en: 'Print' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  csvFailed: { zh: '导出失败：{m}', en: 'Export failed: {m}' },

  totals: { zh: '合计', en: 'Total' },
  cases: { zh: '案件', en: 'Cases' },
  rates: { zh: '1-3-8 按时率', en: '1-3-8 rates' },
  accept: { zh: '接单', en: 'Accept' },
  contact: { zh: '联系', en: 'Contact' },
  arrive: { zh: '到场', en: 'Arrive' },
  acceptRate: { zh: '接单按时率', en: 'Accept rate' },
  contactRate: { zh: '联系按时率', en: 'Contact rate' },
  arriveRate: { zh: '到场按时率', en: 'Arrive rate' },
  all138: { zh: '1-3-8 综合', en: '1-3-8 overall' },
  inTimeOfDue: { zh: '按时/应考核', en: 'in time / due' },
  breached: { zh: '超时', en: 'Breached' },
  closed: { zh: '办结', en: 'Closed' },
  satisfaction: { zh: '回访满意率', en: 'Satisfaction' },
  name: { zh: '名称', en: 'Name' },

  trends: { zh: '时段分布', en: 'Trends' },
  byHour: { zh: '按小时（北京时间）', en: 'By hour (Beijing)' },
  byWeekday: { zh: '按星期', en: 'By weekday' },
  hour: { zh: '小时', en: 'Hour' },
  weekday: { zh: '星期', en: 'Weekday' },
  hourTable: { zh: '按小时数据表', en: 'By-hour table' },
  weekdayTable: { zh: '按星期数据表', en: 'By-weekday table' },

  heatmap: { zh: '案件热力图', en: 'Heat map of cases' },
  heatCount: { zh: '{n} 个热点格子，共 {c} 起', en: '{n} cells, {c} cases' },

  repeats: { zh: '重复地点与重复来电', en: 'Repeat places and callers' },
  repeatPlaces: { zh: '重复地点', en: 'Repeat places' },
  repeatCallers: { zh: '重复来电', en: 'Repeat callers' },
  modeAddress: { zh: '按地址', en: 'By address' },
  modeRadius: { zh: '按半径', en: 'Within a radius' },
  radiusM: { zh: '半径（米）', en: 'Radius (m)' },
  minCases: { zh: '至少几起', en: 'At least' },
  days: { zh: '几天之内', en: 'Within days' },
  byDefault: { zh: '默认', en: 'default' },
  address: { zh: '地址', en: 'Address' },
  grid: { zh: '网格', en: 'Grid' },
  peak: { zh: '窗口内最多', en: 'Peak in window' },
  firstDay: { zh: '首次', en: 'First' },
  lastDay: { zh: '最近', en: 'Last' },
  phone: { zh: '来电号码', en: 'Number' },
  noRepeats: { zh: '没有达到条件的重复', en: 'No repeats at this threshold' },

  slowest: { zh: '最慢案件', en: 'Slowest cases' },
  slowestHint: { zh: '点击一行查看处置过程', en: 'Click a row for its timeline' },
  caseNo: { zh: '警情编号', en: 'Case no.' },
  receivedAt: { zh: '接警时间', en: 'Received' },
  category: { zh: '类别', en: 'Category' },
  toAccept: { zh: '接单用时', en: 'To accept' },
  toContact: { zh: '联系用时', en: 'To contact' },
  toArrive: { zh: '到场用时', en: 'To arrive' },
  toClose: { zh: '办结用时', en: 'To close' },

  drawerTitle: { zh: '事件详情', en: 'Case detail' },
  close: { zh: '关闭', en: 'Close' },
  worker: { zh: '网格员', en: 'Worker' },
  source: { zh: '来源', en: 'Source' },
  state: { zh: '状态', en: 'State' },
  timeline: { zh: '处置过程', en: 'Timeline' },
  timelineChecking: { zh: '时间线校验中…', en: 'Checking the timeline…' },
  timelineOk: { zh: '时间线校验通过', en: 'Timeline verified' },
  timelineBroken: { zh: '时间线校验失败（第 {n} 条）', en: 'Timeline check failed (event {n})' },
  timelineMismatch: { zh: '时间线校验失败：状态与过程记录不符', en: 'Timeline check failed: state does not match the events' },
  timelineUnavailable: { zh: '时间线校验不可用', en: 'Timeline check unavailable' },
  noTimeline: { zh: '暂无处置记录', en: 'No events yet' },

  gridIndex: { zh: '网格指数', en: 'Grid index' },
  month: { zh: '月份', en: 'Month' },
  score: { zh: '指数', en: 'Score' },
  band: { zh: '分档', en: 'Band' },
  residents: { zh: '常住人口', en: 'Residents' },
  per1000: { zh: '每千人', en: 'Per 1,000' },
  repeatCases: { zh: '重复地点案件', en: 'At repeat places' },
  noBand: { zh: '无分数', en: 'No score' },

  staffing: { zh: '排班推演', en: 'Staffing what-if' },

  printTitle: { zh: '研判日报', en: 'Daily review report' },
  generatedAt: { zh: '生成时间（北京时间）：{t}', en: 'Generated (Beijing time): {t}' },
  periodText: { zh: '时段：{from} 至 {to}', en: 'Period: {from} to {to}' },
  backToPage: { zh: '返回研判页', en: 'Back to the review' },
} satisfies Record<string, Record<Locale, string>>;

export type ReviewTextKey = keyof typeof TEXT;

/** The pages' shared language signal (review-page.tsx follows it): components that read it re-render on a switch. */
export { lang };

export const rt = textOf(TEXT, () => lang.value);

/** A label from one of the contracts' *_LABELS maps, in the page's language. */
export function labelOf<K extends string>(labels: Record<K, Record<Locale, string>>, key: K): string {
  return labels[key][lang.value];
}
