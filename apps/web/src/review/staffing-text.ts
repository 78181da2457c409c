/** Text of 排班推演 (#12): Simplified Chinese first, English on request (the shared toggle in shared/i18n.ts). */
import { signal } from '@preact/signals';
import type { Locale } from '@xiaonao/contracts';
import { locale, onLocaleChange, textOf } from '../shared/i18n';

const TEXT = {
  title: { zh: '排班推演', en: 'Staffing what-if' },
  lead: {
    zh: '用最近几周的真实案件，按每小时在岗人数重放，看 1-3-8 按时率会是多少。',
    en: 'Replays the real cases of the last weeks with the workers on duty per hour and shows the 1-3-8 rates they would have met.',
  },
  note: { zh: '模型推演，非预测', en: 'A model, not a forecast' },
  noteMore: {
    zh: '只按下列假设重放已发生的案件，用于比较方案，不要把数字当作承诺。',
    en: 'Past cases replayed under the assumptions; compare plans with it, do not promise its numbers.',
  },
  scope: { zh: '范围', en: 'Scope' },
  township: { zh: '全镇', en: 'Whole township' },
  weeks: { zh: '最近周数', en: 'Last weeks' },
  weeksUnit: { zh: '周（1–12）', en: 'weeks (1–12)' },
  target: { zh: '目标按时率', en: 'Target rate' },
  metric: { zh: '口径', en: 'Measured by' },
  metricAll138: { zh: '1-3-8 综合', en: '1-3-8 overall' },
  metricArrive: { zh: '8 分钟到场', en: 'On site in 8 min' },
  plan: { zh: '每小时在岗人数（北京时间）', en: 'Workers on duty per hour (Beijing time)' },
  fillAll: { zh: '全部时段设为', en: 'Every hour' },
  fillRange: { zh: '时段', en: 'Hours' },
  fillTo: { zh: '至', en: 'to' },
  fillSet: { zh: '设为', en: 'set to' },
  apply: { zh: '应用', en: 'Apply' },
  people: { zh: '人', en: 'workers' },
  fromRoster: { zh: '按今日排班', en: "From today's roster" },
  startRoster: { zh: '起始方案：今日排班（{n} 个班次）', en: "Starting plan: today's roster ({n} shifts)" },
  startWorkers: { zh: '起始方案：今日无排班，按全部 {n} 名人员全天在岗', en: 'Starting plan: no roster today, all {n} workers on duty all day' },
  startFallback: { zh: '起始方案：每小时 {n} 人（未取到排班）', en: 'Starting plan: {n} an hour (no roster available)' },
  hourCell: { zh: '{h} 点在岗人数', en: 'Workers on duty at {h}:00' },
  assumptions: { zh: '模型假设', en: 'Model assumptions' },
  assumptionsHint: { zh: '留空取默认值（见研判文档）。', en: 'Leave blank for the default (see the review docs).' },
  resetAssumptions: { zh: '恢复默认', en: 'Back to defaults' },
  run: { zh: '推演', en: 'Run' },
  running: { zh: '推演中…', en: 'Running…' },
  period: { zh: '案件期间：{from} 至 {to}（北京时间）', en: 'Cases from {from} to {to} (Beijing time)' },
  overall: { zh: '合计', en: 'Overall' },
  simulated: { zh: '推演', en: 'Model' },
  actual: { zh: '实际', en: 'Actual' },
  cases: { zh: '案件', en: 'Cases' },
  accept: { zh: '1 分钟接单', en: 'Accept in 1 min' },
  contact: { zh: '3 分钟联系', en: 'Contact in 3 min' },
  arrive: { zh: '8 分钟到场', en: 'On site in 8 min' },
  all138: { zh: '1-3-8 综合', en: '1-3-8 overall' },
  actualNote: { zh: '实际按时率按已判定的环节计，与研判口径相同。', en: 'Actual rates count decided stages, as the review does.' },
  byHour: { zh: '按小时', en: 'By hour' },
  hour: { zh: '时段', en: 'Hour' },
  planned: { zh: '计划', en: 'Plan' },
  belowTarget: { zh: '低于目标', en: 'Below target' },
  belowCount: { zh: '{n} 个时段低于目标 {p}', en: '{n} hours below the target {p}' },
  noneBelow: { zh: '有案件的时段均达到目标 {p}', en: 'Every hour with cases meets the target {p}' },
  minTitle: { zh: '求最少在岗人数', en: 'Fewest workers needed' },
  minHint: {
    zh: '其余时段按上面的方案，所选时段每小时从 1 人起逐个增加重新推演（最多 {n} 次），直到该时段的按时率达到目标。',
    en: 'Keeps the plan elsewhere and tries 1, 2, … workers an hour in the chosen hours (at most {n} runs) until their rate meets the target.',
  },
  minStart: { zh: '开始求解', en: 'Find it' },
  minCancel: { zh: '停止', en: 'Stop' },
  minStep: { zh: '{k} 人：{rate}', en: '{k}: {rate}' },
  minFound: { zh: '{range} 至少需要 {k} 人在岗可达 {p}', en: '{range} needs at least {k} workers on duty to reach {p}' },
  minNotReached: { zh: '{range} 每小时 {k} 人在岗仍达不到 {p}（模型的其他假设限制了按时率）', en: '{range} does not reach {p} even with {k} workers an hour (the other assumptions limit it)' },
  minNoCases: { zh: '{range} 在所选周内没有案件，无从推演', en: '{range} had no cases in the chosen weeks: nothing to replay' },
  minUse: { zh: '填入方案', en: 'Put it in the plan' },
  minCancelled: { zh: '已停止', en: 'Stopped' },
  answerSeconds: { zh: '派单到接单（秒）', en: 'Offer to accept (s)' },
  contactSeconds: { zh: '接单到联系当事人（秒）', en: 'Accept to contact (s)' },
  speedMps: { zh: '行进速度（米/秒）', en: 'Travel speed (m/s)' },
  detourFactor: { zh: '道路绕行系数', en: 'Road ÷ straight line' },
  startSeconds: { zh: '出发准备（秒）', en: 'Time to get going (s)' },
  handlingMinutes: { zh: '到场后处置（分钟）', en: 'Busy on site (min)' },
} satisfies Record<string, Record<Locale, string>>;

export type StaffingTextKey = keyof typeof TEXT;

/** Bumped when the language changes; reading it in `sw` re-renders the components that showed text. */
const localeVersion = signal(0);
onLocaleChange(() => {
  localeVersion.value += 1;
});

export const sw = textOf(TEXT, () => {
  void localeVersion.value;
  return locale();
});
