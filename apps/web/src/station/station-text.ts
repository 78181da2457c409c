/** Text of the station's search and case drawer: Simplified Chinese first, English on request (the shared toggle). */
import type { Locale } from '@xiaonao/contracts';
import { textOf } from '../shared/i18n';

const TEXT = {
  searchPlaceholder: { zh: '警情编号 / 地址 / 报警人姓名', en: 'Case no. / address / caller name' },
  searchLabel: { zh: '搜索', en: 'Search' },
  anyState: { zh: '全部状态', en: 'Any state' },
  openState: { zh: '未办结', en: 'Not closed' },
  anyClosure: { zh: '全部办结方式', en: 'Any closure' },
  anyCategory: { zh: '全部类别', en: 'Any category' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  anyBreach: { zh: '是否超时', en: 'Breached or not' },
  breachedOnly: { zh: '有环节超时', en: 'A stage breached' },
  onTimeOnly: { zh: '未超时', en: 'No breach' },
  clearFilters: { zh: '清除', en: 'Clear' },
  searching: { zh: '查询中…', en: 'Searching…' },
  resultCount: { zh: '查询结果 {n} 件', en: '{n} found' },
  resultCountMore: { zh: '已显示 {n} 件，还有更多', en: '{n} shown, more available' },
  loadMore: { zh: '加载更多', en: 'Load more' },
  noResults: { zh: '没有符合条件的事件', en: 'No cases match' },
  liveHint: { zh: '实时：在办及近 24 小时办结的事件', en: 'Live: open cases and those closed in the last 24 h' },
  openCase: { zh: '查看', en: 'Open' },
  drawerTitle: { zh: '事件详情', en: 'Case detail' },
  close: { zh: '关闭', en: 'Close' },
  facts: { zh: '基本信息', en: 'Facts' },
  clocks: { zh: '1-3-8 时限', en: '1-3-8 clocks' },
  caller: { zh: '报警人', en: 'Caller' },
  description: { zh: '警情内容', en: 'Description' },
  grid: { zh: '网格', en: 'Grid' },
  source: { zh: '来源', en: 'Source' },
  closedAt: { zh: '办结时间', en: 'Closed' },
  closure: { zh: '办结方式', en: 'Closure' },
  handback: { zh: '退回/移交说明', en: 'Hand-back' },
  timeline: { zh: '处置过程', en: 'Timeline' },
  timelineChecking: { zh: '时间线校验中…', en: 'Checking the timeline…' },
  timelineOk: { zh: '时间线校验通过', en: 'Timeline verified' },
  timelineBroken: { zh: '时间线校验失败（第 {n} 条）', en: 'Timeline check failed (event {n})' },
  timelineMismatch: { zh: '时间线校验失败：状态与过程记录不符', en: 'Timeline check failed: state does not match the events' },
  timelineUnavailable: { zh: '时间线校验不可用', en: 'Timeline check unavailable' },
  noTimeline: { zh: '暂无处置记录', en: 'No events yet' },
} satisfies Record<string, Record<Locale, string>>;

export type StationTextKey = keyof typeof TEXT;

export const st = textOf(TEXT);
