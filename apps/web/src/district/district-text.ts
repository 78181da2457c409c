/** Text of the district view: Simplified Chinese first, English on request (the shared 中/EN switch). */
import { locale } from '../shared/i18n';

const TEXT = {
  title: { zh: '区级视图', en: 'District view' },
  townships: { zh: '镇街', en: 'Townships' },
  township: { zh: '镇街', en: 'Township' },
  region: { zh: '所属区域', en: 'Region' },
  open: { zh: '在办', en: 'Open' },
  atRisk: { zh: '临近超时', en: 'At risk' },
  breached: { zh: '已超时', en: 'Breached' },
  todayCases: { zh: '今日事件', en: 'Cases today' },
  today138: { zh: '今日 1-3-8', en: '1-3-8 today' },
  period138: { zh: '时段 1-3-8', en: '1-3-8 in period' },
  periodCases: { zh: '时段事件', en: 'Cases in period' },
  accept: { zh: '1 分钟接单', en: 'Accept (1 min)' },
  contact: { zh: '3 分钟联系', en: 'Contact (3 min)' },
  arrive: { zh: '8 分钟到场', en: 'Arrive (8 min)' },
  total: { zh: '合计', en: 'Total' },
  period: { zh: '时段', en: 'Period' },
  apply: { zh: '查询', en: 'Apply' },
  breaches: { zh: '实时超时', en: 'Live breaches' },
  noBreaches: { zh: '暂无超时事件', en: 'No breaches' },
  map: { zh: '事件与网格员分布', en: 'Cases and workers' },
  workers: { zh: '在岗网格员', en: 'Workers on duty' },
  cases: { zh: '在办事件', en: 'Open cases' },
  drawerTitle: { zh: '事件详情（只读）', en: 'Case (read-only)' },
  close: { zh: '关闭', en: 'Close' },
  timeline: { zh: '处置时间线', en: 'Timeline' },
  noTimeline: { zh: '暂无记录', en: 'No entries yet' },
  loading: { zh: '加载中…', en: 'Loading…' },
  receivedAt: { zh: '接警时间', en: 'Received' },
  category: { zh: '类别', en: 'Category' },
  address: { zh: '地址', en: 'Address' },
  worker: { zh: '网格员', en: 'Worker' },
  caller: { zh: '报警人电话', en: 'Caller phone' },
  state: { zh: '状态', en: 'State' },
  readOnly: { zh: '区/市账号只读，不能处置事件', en: 'Region accounts read only; they cannot act on cases' },
  logout: { zh: '退出', en: 'Sign out' },
  none: { zh: '—', en: '—' },
  breachAlert: { zh: '{no} {stage}超时', en: '{no}: {stage} breached' },
  atRiskAlert: { zh: '{no} {stage}即将超时', en: '{no}: {stage} at risk' },
} as const;

export type DistrictTextKey = keyof typeof TEXT;

export function dt(key: DistrictTextKey, values: Record<string, string | number> = {}): string {
  return TEXT[key][locale()].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A share 0..1 as a percentage, or a dash where nothing was due. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(share === 1 ? 0 : 1)}%`;
}
