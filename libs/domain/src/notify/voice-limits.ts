/**
 * Aliyun voice notifications (Dyvmsapi SingleCallByTts) refuse a call with
 * `isv.BUSINESS_LIMIT_CONTROL` when the called number already had, for the same qualification and
 * purpose, 1 call in the last minute, 5 in the last hour or 20 in the last day. Unanswered and failed
 * calls are counted too (the docs count 外呼 without excepting them; counting them is the safe side),
 * so the pager asks here first and skips the step rather than burn a refusal.
 *
 * Windows are rolling, "per day" included: the voice docs (help.aliyun.com/document_detail/178344,
 * 「API错误码」, and "Use an API to send voice notifications") say 「20次/24小时（流控规则计时从第一次
 * 正常外呼开始）」, i.e. 24 hours back from each call, not the natural day in Asia/Shanghai. It is
 * also the safe reading: the calls of today are a subset of the calls of the last 24 hours, so a call
 * this guard allows would be allowed by a natural-day count too.
 */

export interface VoiceLimitRule {
  rule: 'minute' | 'hour' | 'day';
  windowMs: number;
  max: number;
}

/** Aliyun's defaults; a township with a raised quota (呼叫设置申请调整) would pass its own. */
export const ALIYUN_VOICE_LIMITS: readonly VoiceLimitRule[] = [
  { rule: 'minute', windowMs: 60_000, max: 1 },
  { rule: 'hour', windowMs: 3_600_000, max: 5 },
  { rule: 'day', windowMs: 86_400_000, max: 20 },
];

export type VoiceCallVerdict = { allowed: true } | { allowed: false; nextAt: Date; rule: VoiceLimitRule['rule'] };

/**
 * Whether one more call to a number may be placed at `now`, given the times of the earlier calls to
 * it (answered or not, in any order). When not, `nextAt` is the first instant every rule allows it and
 * `rule` the one that holds out longest.
 */
export function voiceCallAllowed(earlierCallTimesToNumber: readonly Date[], now: Date, limits: readonly VoiceLimitRule[] = ALIYUN_VOICE_LIMITS): VoiceCallVerdict {
  const at = now.getTime();
  let verdict: VoiceCallVerdict = { allowed: true };
  for (const limit of limits) {
    // A call exactly one window ago has just left it; calls "in the future" (clock skew) still count.
    const inWindow = earlierCallTimesToNumber
      .map((d) => d.getTime())
      .filter((t) => t > at - limit.windowMs)
      .sort((a, b) => a - b);
    if (inWindow.length < limit.max) continue;
    // The window must lose enough calls to leave room for one: the (excess+1)-th oldest has to leave.
    const nextAt = inWindow[inWindow.length - limit.max] + limit.windowMs;
    if (verdict.allowed || nextAt > verdict.nextAt.getTime()) verdict = { allowed: false, nextAt: new Date(nextAt), rule: limit.rule };
  }
  return verdict;
}
