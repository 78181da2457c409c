/**
 * The text a gazetteer matches on. Names and addresses are reduced to a key: full-width forms folded
 * (１２组 → 12组), case folded, spaces and punctuation dropped, and the administrative prefix up to the
 * township's own name cut off — every address in a township starts 「…河庄街道」, and left in, that
 * shared head makes unrelated addresses look alike to a trigram match.
 */

/** The key of a name or address; `township` (e.g. 河庄街道) is cut off with whatever precedes it. */
export function placeKey(text: string, township?: string): string {
  const key = fold(text);
  if (!township) return key;
  const head = fold(township);
  const at = head ? key.indexOf(head) : -1;
  // Only a prefix that is administrative (empty, or ending 省/市/区/县) is cut: 「某路河庄街道办对面」 keeps its head.
  if (at < 0 || !/^$|[省市区县]$/u.test(key.slice(0, at))) return key;
  const rest = key.slice(at + head.length);
  // A place named just 「河庄街道」 keeps its name rather than becoming nothing.
  return rest || key;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The distinct keys a place is found by: its name, its address and its aliases. */
export function placeTerms(place: { name: string; address: string; aliases: readonly string[] }, township?: string): string[] {
  const keys = [place.name, place.address, ...place.aliases].map((t) => placeKey(t, township)).filter((k) => k.length > 0);
  return [...new Set(keys)];
}

/** The runs of digits in a key, in order: house, group and building numbers. */
export function numbersIn(key: string): string[] {
  return (key.match(/\d+/g) ?? []).map((n) => n.replace(/^0+(?=\d)/, ''));
}

/** Length in characters (code points), not UTF-16 units. */
export function keyLength(key: string): number {
  return [...key].length;
}
