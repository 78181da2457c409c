/**
 * The rules every person-readable text field obeys before anything is written: what PostgreSQL can
 * store, what an operator can read as it was meant, and a length counted the way people count it.
 *
 * Normalising: Unicode NFC (the same name typed on two phones compares equal), blanks trimmed at both
 * ends, and in a multi-line field every line break (`\r\n`, a lone `\r`, U+2028, U+2029) made `\n`.
 *
 * Refused, with a reason in Chinese and English:
 * - an unpaired UTF-16 surrogate: PostgreSQL's text and jsonb cannot hold one (jsonb refuses the
 *   `\ud800` escape; node-pg would silently store U+FFFD, so the stored text would differ from the
 *   answer's and a resend would conflict);
 * - control characters (C0, DEL, C1): NUL cannot be stored at all, the others are invisible noise
 *   that breaks CSV exports, SMS templates and terminals. A multi-line field keeps `\n` and tab;
 * - a line break in a single-line field (name, address, reason);
 * - bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069): they reorder what is
 *   displayed, so 「12号」 can show as 「号21」 and a console reader sees other text than was stored.
 *   Chinese, English and even Arabic or Uyghur names never need them: the implicit bidi algorithm
 *   orders them right. The plain marks LRM/RLM (U+200E/200F) reorder nothing and are kept;
 * - noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF): never meant for interchange, a sign of junk;
 * - a field empty after trimming, unless the field allows empty;
 * - a field made only of invisible characters: blanks, default-ignorable code points (zero-width
 *   space/joiners, word joiner, BOM, variation selectors, Hangul fillers, tags, soft hyphen…), the
 *   blank Braille pattern, or combining marks with nothing to sit on;
 * - more code points than the field's maximum, counted after normalising (what is stored).
 */

export interface TextReason {
  zh: string;
  en: string;
}

export interface TextRules {
  /** Most code points the field may hold, after normalising. */
  max: number;
  /** Descriptions and notes: line breaks (kept as `\n`) and tabs allowed. */
  multiline?: boolean;
  /** An empty (or all-blank) value is a value: it is stored as ''. */
  allowEmpty?: boolean;
}

export type TextVerdict = { ok: true; text: string } | { ok: false; reason: TextReason };

const LONE_SURROGATE = /\p{Surrogate}/u;
const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/g;
const ANY_LINE_BREAK = /[\n\r\u2028\u2029]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/** A character that shows: letters, digits, punctuation, symbols, private use — but not those that render as nothing. */
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}\p{Co}]/u;

const hex = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Length as people count it: code points, so 「𠀀」 (one character, two UTF-16 units) is one. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Characters no field takes (\p{Cc} is C0, DEL and C1); a multi-line field keeps `\n` and tab. */
const FORBIDDEN_SINGLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}/u;
const FORBIDDEN_MULTI = /(?![\n\t])[\p{Cc}\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}/u;

/** Why the first forbidden character of `text` is refused, or null. */
function forbiddenCharacter(text: string, multiline: boolean): TextReason | null {
  const ch = (multiline ? FORBIDDEN_MULTI : FORBIDDEN_SINGLE).exec(text)?.[0];
  if (ch === undefined) return null;
  if (BIDI_CONTROL.test(ch)) return { zh: `含有文字方向控制符（${hex(ch)}），会使显示的文字与实际不符`, en: `contains a bidirectional control (${hex(ch)}) that makes the text display other than it reads` };
  if (NONCHARACTER.test(ch)) return { zh: `含有非字符码位（${hex(ch)}）`, en: `contains a noncharacter (${hex(ch)})` };
  return { zh: `含有控制字符（${hex(ch)}）`, en: `contains a control character (${hex(ch)})` };
}

/**
 * The normal form of a text field: NFC, trimmed, line breaks as `\n` in a multi-line field. Text
 * that is not well-formed is returned as it is (NFC is undefined for it; judgeText refuses it).
 */
export function normaliseText(raw: string, multiline = false): string {
  if (LONE_SURROGATE.test(raw)) return raw;
  const lines = multiline ? raw.replace(LINE_BREAKS, '\n') : raw;
  return lines.normalize('NFC').trim();
}

/** The reason a raw string cannot be stored at all (in any field), or null: what every door checks first. */
export function unstorableReason(raw: string): TextReason | null {
  if (LONE_SURROGATE.test(raw)) return { zh: '含有无法存储的字符（不成对的代理项）', en: 'contains characters that cannot be stored (unpaired surrogate)' };
  if (raw.includes('\u0000')) return { zh: '含有无法存储的字符（U+0000）', en: 'contains a character that cannot be stored (U+0000)' };
  return null;
}

/** `raw` with whatever cannot be stored replaced by U+FFFD: for logs of refused input, which must record what they can. */
export function storableText(raw: string): string {
  return raw.replaceAll('\u0000', '\uFFFD').replace(/\p{Surrogate}/gu, '\uFFFD');
}

/** Normalises and judges one text field: the text to store, or why not. */
export function judgeText(raw: string, rules: TextRules): TextVerdict {
  const unstorable = unstorableReason(raw);
  if (unstorable) return { ok: false, reason: unstorable };
  const multiline = rules.multiline ?? false;
  if (!multiline && ANY_LINE_BREAK.test(raw.trim())) return { ok: false, reason: { zh: '不能换行', en: 'line breaks are not allowed' } };
  const text = normaliseText(raw, multiline);
  const forbidden = forbiddenCharacter(text, multiline);
  if (forbidden) return { ok: false, reason: forbidden };
  if (text === '') return rules.allowEmpty ? { ok: true, text } : { ok: false, reason: { zh: '不能为空', en: 'must not be empty' } };
  if (!VISIBLE.test(text)) return { ok: false, reason: { zh: '只含空白或不可见字符', en: 'holds only blank or invisible characters' } };
  const length = textLength(text);
  if (length > rules.max) return { ok: false, reason: { zh: `不能超过 ${rules.max} 个字符（现有 ${length} 个）`, en: `at most ${rules.max} characters (has ${length})` } };
  return { ok: true, text };
}
