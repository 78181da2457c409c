/**
 * The receiver's own result codes. Police systems code how a 警情 ended with GA/T 2000.152 (公安信息代码
 * 第152部分：警情处理结果代码), two digits: a class and an item, 90 for 「其他」. Each 110 platform
 * uses its own edition and local extensions, so the township configures the mapping per integration
 * (docs/feedback-110.md); the default below only fills the result kinds a closed case can have and
 * must be checked against the receiving platform's table before it is relied on.
 */
import { FEEDBACK_RESULT_KINDS, type FeedbackResultKind, type Labels, type ResultCodeMap } from '@xiaonao/contracts';

/** Our words for each result kind, shown to the receiver's people and in the console. */
export const FEEDBACK_RESULT_LABELS: Labels<FeedbackResultKind> = {
  accepted: { zh: '网格员已接单', en: 'Accepted by a grid worker' },
  contacted: { zh: '已联系报警人', en: 'Caller contacted' },
  arrived: { zh: '已到达现场', en: 'Arrived on site' },
  resolved: { zh: '已办结', en: 'Resolved' },
  dismissed: { zh: '经核查已排除', en: 'Checked and dismissed' },
  returned_to_police: { zh: '已退回公安', en: 'Returned to the police' },
  handed_to_12345: { zh: '已移交12345', en: 'Handed over to 12345' },
  reopened: { zh: '回访不满意，已重新办理', en: 'Reopened after the return visit' },
  followed_up: { zh: '已回访', en: 'Return visit recorded' },
  signed_off: { zh: '已销号', en: 'Signed off' },
};

/**
 * Default codes for the ends of a case, in GA/T 2000 form (two digits, 90 = other). Placeholders
 * until the township enters its 110 platform's table: progress steps carry no code by default.
 */
export const DEFAULT_RESULT_CODES: Readonly<ResultCodeMap> = {
  resolved: '10',
  dismissed: '20',
  returned_to_police: '30',
  handed_to_12345: '40',
  reopened: '90',
};

/** A receiver's code: letters, digits, dot, dash; at most 32. */
const CODE = /^[A-Za-z0-9.-]{1,32}$/;

export type ResultCodeProblem = { field: string; zh: string; en: string };

/** The mapping as the operator sent it, or what is wrong with it (field named). */
export function parseResultCodes(input: unknown): { ok: true; codes: ResultCodeMap } | { ok: false; problem: ResultCodeProblem } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problem: { field: 'resultCodes', zh: '结果代码映射须为对象', en: 'resultCodes must be an object' } };
  }
  const codes: ResultCodeMap = {};
  for (const [kind, code] of Object.entries(input)) {
    if (!(FEEDBACK_RESULT_KINDS as readonly string[]).includes(kind)) {
      return { ok: false, problem: { field: `resultCodes.${kind}`, zh: `未知的结果类型 ${kind}`, en: `unknown result kind ${kind}` } };
    }
    if (typeof code !== 'string' || !CODE.test(code)) {
      return { ok: false, problem: { field: `resultCodes.${kind}`, zh: '结果代码须为1–32位字母、数字、点或横线', en: 'a result code is 1–32 letters, digits, dots or dashes' } };
    }
    codes[kind as FeedbackResultKind] = code;
  }
  return { ok: true, codes };
}
