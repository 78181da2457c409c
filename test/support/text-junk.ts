/**
 * Generated junk text for every door (fast-check): what the outside tester found (unpaired
 * surrogates, NUL, a name of one zero-width space, a body ten thousand levels deep) and its
 * neighbours (other C0/C1 controls, bidi overrides, combining marks alone, text NFC makes too long,
 * bodies too wide). Each junk builds the raw JSON text of a request from a valid body, and says which
 * field the refusal must name. Text is spliced into JSON as JSON.stringify writes it: a lone surrogate
 * arrives as the escape `\ud800`, exactly what a careless sender's serializer produces.
 */
import fc from 'fast-check';

/** A person-readable text field of a door and its rules (as its DTO's @CleanText says). */
export interface TextFieldSpec {
  max: number;
  multiline?: boolean;
}

export interface TextJunk {
  /** What kind of junk, for the failure message and the tally. */
  kind: string;
  /** The field the refusal must name (a prefix of it: `callerName` for `callerName.0.0`). */
  field: string;
  /** The raw JSON text of the request, from a fresh valid body. */
  build(valid: object): string;
}

const char = (code: number) => String.fromCharCode(code);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Some visible text to wrap junk in: Chinese, ASCII, a supplementary-plane character. */
const visible = fc.string({ unit: fc.constantFrom('王', '女', '士', '河', '庄', '1', '2', 'a', 'B', ' ', '号', '𠀀', '，'), maxLength: 8 });

export const highSurrogate = fc.integer({ min: 0xd800, max: 0xdbff }).map(char);
export const lowSurrogate = fc.integer({ min: 0xdc00, max: 0xdfff }).map(char);
/** C0 but `\n` and tab (a multi-line field keeps those), DEL and C1; NUL often. */
const control = (multiline: boolean) =>
  fc.oneof(
    fc.constant('\u0000'),
    fc.constantFrom(...range(0x00, 0x1f).filter((c) => !multiline || (c !== 0x0a && c !== 0x09 && c !== 0x0d)).map(char)),
    fc.constantFrom(...range(0x7f, 0x9f).map(char)),
  );
export const bidiControl = fc.constantFrom(...[...range(0x202a, 0x202e), ...range(0x2066, 0x2069)].map(char));
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\uFE0F', '\uFE00', '\u3164', '\uFFA0', '\u115F', '\u1160', '\u2800', '\u00AD', '\u180E', '\u{E0020}', ' ', '\u3000', '\t'];
/** Only blanks and characters that show as nothing (at least one of the latter). */
export const invisibleOnly = fc.array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 12 }).filter((a) => a.some((c) => c.trim() !== '' && c !== '\t')).map((a) => a.join(''));
/** Combining marks with no base character. */
export const combiningOnly = fc.array(fc.integer({ min: 0x0300, max: 0x036f }).map(char), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
/** Composition exclusions: one code point sent, two stored after NFC. */
const EXPANDS_UNDER_NFC = ['\u0958', '\u0959', '\u095A', '\u095B', '\u095C', '\u095D', '\u095E', '\u095F', '\u09DC', '\u0A33', '\u0A5E', '\u0B5C', '\uFB1D', '\uFB2A', '\uFB2B', '\uFB4E'];
/** Within `max` code points as sent, over it once normalised. */
export const longAfterNfc = (max: number) =>
  fc.tuple(fc.integer({ min: Math.floor(max / 2) + 1, max }), fc.constantFrom(...EXPANDS_UNDER_NFC), fc.constantFrom(...EXPANDS_UNDER_NFC)).map(([n, a, b]) => (a + b).repeat(n).slice(0, n));

/** Text a field of these rules must refuse, by kind. */
export function badText(spec: TextFieldSpec): fc.Arbitrary<{ kind: string; text: string }> {
  // Inside visible text: at either end, a blank-like control (VT, FF) would be trimmed away as normalising does.
  const wrap = (kind: string, junk: fc.Arbitrary<string>) => fc.tuple(visible, junk, visible).map(([a, j, b]) => ({ kind, text: `${a}王${j}女${b}` }));
  return fc.oneof(
    wrap('lone high surrogate', highSurrogate),
    wrap('lone low surrogate', lowSurrogate),
    // A reversed pair is two lone surrogates.
    wrap('reversed surrogate pair', fc.tuple(lowSurrogate, highSurrogate).map(([l, h]) => l + h)),
    wrap('control character', control(spec.multiline ?? false)),
    wrap('bidi control', bidiControl),
    invisibleOnly.map((text) => ({ kind: 'invisible only', text })),
    combiningOnly.map((text) => ({ kind: 'combining marks only', text })),
    longAfterNfc(spec.max).map((text) => ({ kind: 'over-long after NFC', text })),
  );
}

/** Any string a code or id field (case number, camera code, ISO time, enum) must refuse. */
export const badCode = fc.oneof(
  badText({ max: 10 }).map(({ text }) => text),
  fc.tuple(fc.constantFrom('3301', 'CAM-01', '2026-11-21T09:30:00Z', 'WGS84', 'noise'), fc.oneof(highSurrogate, lowSurrogate, control(false), bidiControl)).map(([a, j]) => a + j),
);

const DEEP = '"\u0000deep\u0000"';
/** `[[[…]]]` of `depth` levels, as raw JSON text. */
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Replaces one field's value in the JSON text of `valid` by raw JSON text. */
function withRawField(valid: object, field: string, raw: string): string {
  return JSON.stringify({ ...valid, [field]: DEEP }).replace(JSON.stringify(DEEP), raw);
}

/**
 * Junk for one door: a text field spoiled, a code field spoiled, a field or the whole body nested
 * 10,000+ levels deep, and bodies too wide. `text` and `codes` name the door's string fields.
 */
export function doorTextJunk(text: Record<string, TextFieldSpec>, codes: readonly string[]): fc.Arbitrary<TextJunk> {
  const textFields = Object.keys(text);
  const all = [...textFields, ...codes];
  const arbitraries: fc.WeightedArbitrary<TextJunk>[] = [];
  if (textFields.length) {
    const spoiledText = fc
      .constantFrom(...textFields)
      .chain((field) => badText(text[field]).map(({ kind, text: value }): TextJunk => ({ kind: `${field}: ${kind}`, field, build: (valid) => JSON.stringify({ ...valid, [field]: value }) })));
    arbitraries.push({ weight: 8, arbitrary: spoiledText });
  }
  if (codes.length) {
    const spoiledCode = fc.tuple(fc.constantFrom(...codes), badCode).map(([field, value]): TextJunk => ({ kind: `${field}: junk code`, field, build: (valid) => JSON.stringify({ ...valid, [field]: value }) }));
    arbitraries.push({ weight: 4, arbitrary: spoiledCode });
  }
  // Structural junk: each kind is one input in about twenty (a deep body costs the hub's JSON parser ~2 ms per thousand levels).
  arbitraries.push(
    // Deep inside one field: the refusal names it.
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...all), fc.integer({ min: 10_000, max: 20_000 }), fc.boolean()).map(
        ([field, depth, arrays]): TextJunk => ({ kind: `${field}: nested ${depth} deep`, field, build: (valid) => withRawField(valid, field, arrays ? nestedArrays(depth) : nestedObjects(depth)) }),
      ),
    },
    // The body itself deep: `body`.
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 30_000 }).map((depth): TextJunk => ({ kind: `body nested ${depth} deep`, field: 'body', build: () => nestedArrays(depth) })) },
    // Wide: thousands of keys, or one field holding thousands of values.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 2_001, max: 8_000 }).map(
        (keys): TextJunk => ({ kind: `body of ${keys} keys`, field: 'body', build: (valid) => JSON.stringify({ ...valid, ...Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])) }) }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...all), fc.integer({ min: 2_001, max: 20_000 })).map(
        ([field, n]): TextJunk => ({ kind: `${field}: ${n} values`, field: 'body', build: (valid) => withRawField(valid, field, `[${Array.from({ length: n }, () => '0').join(',')}]`) }),
      ),
    },
    // A property name that cannot be stored, or is too long: named by the object holding it (the body).
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constant('a\u0000b'), highSurrogate, fc.constant('x'.repeat(101))).map((key): TextJunk => ({ kind: 'junk property name', field: 'body', build: (valid) => JSON.stringify({ [key]: 1, ...valid }) })),
    },
  );
  return fc.oneof(...arbitraries);
}
