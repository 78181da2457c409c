import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeText, normaliseText, storableText, textLength, unstorableReason, type TextRules } from './text-field';

/** Any UTF-16 unit (so lone surrogates too) or any whole code point. */
const anyUnit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
const anyText = fc.string({ unit: anyUnit, maxLength: 60 });

const NAME: TextRules = { max: 50 };
const DESCRIPTION: TextRules = { max: 2000, multiline: true };

const refusal = (raw: string, rules: TextRules = NAME) => {
  const verdict = judgeText(raw, rules);
  if (verdict.ok) throw new Error(`accepted ${JSON.stringify(raw)} as ${JSON.stringify(verdict.text)}`);
  return verdict.reason;
};
const accepted = (raw: string, rules: TextRules = NAME) => {
  const verdict = judgeText(raw, rules);
  if (!verdict.ok) throw new Error(`refused ${JSON.stringify(raw)}: ${verdict.reason.en}`);
  return verdict.text;
};

describe('normalising a text field', () => {
  it('composes to NFC and trims blanks at both ends', () => {
    expect(accepted('  Jose\u0301 王女士\u3000')).toBe('José 王女士');
  });

  it('makes every line break of a multi-line field a \\n', () => {
    expect(accepted('第一行\r\n第二行\r第三行\u2028第四行\u2029第五行', DESCRIPTION)).toBe('第一行\n第二行\n第三行\n第四行\n第五行');
  });

  it('keeps tabs in a multi-line field', () => {
    expect(accepted('品名\t数量\n苹果\t2', DESCRIPTION)).toBe('品名\t数量\n苹果\t2');
  });

  it('is idempotent: judging what it stored stores the same', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (raw, multiline) => {
        const rules = { max: 100, multiline };
        const first = judgeText(raw, rules);
        if (first.ok) expect(judgeText(first.text, rules)).toEqual(first);
        expect(normaliseText(normaliseText(raw, multiline), multiline)).toBe(normaliseText(raw, multiline));
      }),
    );
  });
});

describe('what no field can store', () => {
  it('refuses a lone high or low surrogate, anywhere in the text', () => {
    for (const raw of ['王\uD800女士', '\uDC00', '末尾\uD83D', '\uDE00开头']) expect(refusal(raw).zh).toBe('含有无法存储的字符（不成对的代理项）');
  });

  it('takes a surrogate pair as the one character it encodes', () => {
    expect(accepted('𠀀𠀁😀')).toBe('𠀀𠀁😀');
    expect(textLength('𠀀𠀁😀')).toBe(3);
  });

  it('refuses NUL in every field, multi-line or not', () => {
    expect(refusal('王\u0000女士').zh).toBe('含有无法存储的字符（U+0000）');
    expect(refusal('第一行\u0000', DESCRIPTION).en).toContain('U+0000');
    expect(unstorableReason('a\u0000')).not.toBeNull();
    expect(unstorableReason('王女士\n')).toBeNull();
  });

  it('can make any text storable for a log of what was refused', () => {
    expect(storableText('王\u0000\uD800女士😀')).toBe('王\uFFFD\uFFFD女士😀');
    fc.assert(fc.property(anyText, (raw) => unstorableReason(storableText(raw)) === null));
  });
});

describe('control and direction characters', () => {
  it('refuses C0, DEL and C1 controls, naming the code point', () => {
    expect(refusal('a\u001bb').zh).toBe('含有控制字符（U+001B）');
    expect(refusal('a\u007fb').en).toBe('contains a control character (U+007F)');
    expect(refusal('a\u0085b', DESCRIPTION).en).toContain('U+0085');
    expect(refusal('a\u0008b', DESCRIPTION).en).toContain('U+0008');
  });

  it('refuses line breaks and tabs in a single-line field, but not blanks it trims away', () => {
    expect(refusal('王\n女士').zh).toBe('不能换行');
    expect(refusal('王\r\n女士').zh).toBe('不能换行');
    expect(refusal('王\u2028女士').zh).toBe('不能换行');
    expect(refusal('王\t女士').en).toContain('U+0009');
    expect(accepted('王女士\r\n')).toBe('王女士');
  });

  it('refuses bidirectional embeddings, overrides and isolates, but keeps the plain marks', () => {
    for (const ch of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(refusal(`河庄${ch}12号`, DESCRIPTION).zh).toMatch(/^含有文字方向控制符/);
    }
    expect(accepted('Ali \u200Fعلي\u200E 先生')).toBe('Ali \u200Fعلي\u200E 先生');
  });

  it('refuses noncharacters', () => {
    expect(refusal('a\uFFFE').zh).toMatch(/^含有非字符码位/);
    expect(refusal('a\uFDD0').en).toContain('U+FDD0');
  });
});

describe('blank and invisible fields', () => {
  it('refuses a field empty after trimming, unless the field allows empty', () => {
    expect(refusal('').zh).toBe('不能为空');
    expect(refusal(' \u3000 \n').zh).toBe('不能为空');
    expect(accepted('  ', { max: 50, allowEmpty: true })).toBe('');
  });

  it('refuses a field made only of invisible characters', () => {
    for (const raw of ['\u200B', '\u200C\u200D', '\u2060', '\uFEFF\u200B', '\uFE0F', '\u3164', '\uFFA0', '\u115F\u1160', '\u2800', '\u00AD', '\u{E0041}', '\u200E']) {
      expect(refusal(raw).zh, JSON.stringify(raw)).toBe('只含空白或不可见字符');
    }
    expect(refusal('\u200B', { max: 50, allowEmpty: true }).zh).toBe('只含空白或不可见字符');
  });

  it('refuses combining marks with nothing to sit on', () => {
    expect(refusal('\u0301\u0308\u0323').zh).toBe('只含空白或不可见字符');
  });

  it('takes text with invisible characters inside visible ones (emoji sequences, ZWNJ)', () => {
    expect(accepted('👨\u200D👩\u200D👧 ❤\uFE0F')).toBe('👨\u200D👩\u200D👧 ❤\uFE0F');
    expect(accepted('می\u200Cخواهم')).toBe('می\u200Cخواهم');
  });
});

describe('length', () => {
  it('counts code points after normalising', () => {
    expect(accepted('𠀀'.repeat(50))).toHaveLength(100);
    expect(refusal('𠀀'.repeat(51)).zh).toBe('不能超过 50 个字符（现有 51 个）');
    // Decomposed: 100 code points sent, 50 stored.
    expect(accepted('e\u0301'.repeat(50))).toBe('é'.repeat(50));
  });

  it('refuses text that NFC makes longer than the maximum', () => {
    // U+0958 is a composition exclusion: NFC spells it as two code points.
    const qa = '\u0958'.repeat(30);
    expect(textLength(qa)).toBe(30);
    expect(refusal(qa).en).toBe('at most 50 characters (has 60)');
  });
});
