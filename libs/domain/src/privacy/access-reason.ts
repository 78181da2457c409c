/**
 * The reason a person gives for seeing personal data (a caller's full number, a worker's track). It is
 * written to the access log for whoever reviews it, so it must say something: a storable single line
 * (the text rules every field obeys, text/text-field.ts) with at least two visible characters
 * (「回访」 is a reason; 「1」 or three zero-width spaces are not).
 */
import { DomainError } from '../errors';
import { judgeText } from '../text/text-field';

export const ACCESS_REASON_MIN_CHARS = 2;
export const ACCESS_REASON_MAX_CHARS = 200;

/** Characters that show: blanks and invisible code points do not count towards the minimum. */
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}\p{Co}]/gu;

const invalid = (zh: string, en: string) => new DomainError('INVALID_INPUT', `reason：${zh}`, `reason: ${en}`, 'reason');

/** The reason as it will be logged (normalised and trimmed), or INVALID_INPUT naming `reason`. */
export function accessReason(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') throw invalid('请填写查看原因', 'a reason is required');
  if (typeof raw !== 'string') throw invalid('查看原因须为文字', 'must be text');
  const verdict = judgeText(raw, { max: ACCESS_REASON_MAX_CHARS });
  if (!verdict.ok) throw invalid(verdict.reason.zh, verdict.reason.en);
  if ((verdict.text.match(VISIBLE) ?? []).length < ACCESS_REASON_MIN_CHARS) {
    throw invalid(`请写明原因，至少 ${ACCESS_REASON_MIN_CHARS} 个字`, `say why, in at least ${ACCESS_REASON_MIN_CHARS} characters`);
  }
  return verdict.text;
}
