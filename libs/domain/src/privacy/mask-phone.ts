/**
 * A caller's number as nearly everyone sees it (PIPL: personal information shown only to who needs it):
 * enough to tell two callers apart, not enough to call. A mobile keeps its first three and last four
 * digits (139****2345, the usual Chinese form); a landline its area code and last four (0571-****4321);
 * anything else at most its last four digits and never more than half of them. The number of stars is
 * fixed for mobiles and landlines, so the mask does not tell the length of the local number either.
 */

/** Mainland mobile, optionally +86 / 0086 (spaces and dashes already removed). */
const MOBILE = /^(?:\+86|0086)?(1[3-9]\d)\d{4}(\d{4})$/;
/** Landline with its area code, optional dash, optional extension (-123 or 转123). */
const LANDLINE = /^(0\d{2,3})(-?)(\d{7,8})(?:(?:-|转)\d{1,6})?$/;
/** A mask the hub made: stars and at most eight digits (a four-digit area code and the last four). */
const MASKED_DIGITS_MAX = 8;

export function maskPhone(phone: string): string {
  const text = phone.trim();
  if (!text) return '';
  const digits = text.replace(/\D/g, '');
  // Masking twice must not change a mask (the outbox masks again whatever a view already masked).
  if (text.includes('*') && digits.length <= MASKED_DIGITS_MAX) return text;
  const mobile = MOBILE.exec(text.replace(/[\s-]/g, ''));
  if (mobile) return `${mobile[1]}****${mobile[2]}`;
  const landline = landlineParts(text.replace(/\s/g, ''));
  if (landline) return `${landline.area}-****${landline.local.slice(-4)}`;
  return maskDigits(digits);
}

/** Whether a number is shown masked (a mask has stars). */
export function isMaskedPhone(phone: string): boolean {
  return phone.includes('*');
}

/**
 * Beijing (010) and the 02x cities have three-digit area codes, every other area four: without a dash
 * that is the only way to tell 010 8765 4321 from 0571 8765 4321.
 */
function landlineParts(text: string): { area: string; local: string } | null {
  const m = LANDLINE.exec(text);
  if (!m) return null;
  const [, area, dash, local] = m;
  if (dash) return { area, local };
  const joined = area + local;
  const areaLength = /^0[12]/.test(joined) ? 3 : 4;
  const rest = joined.slice(areaLength);
  return rest.length >= 7 && rest.length <= 8 ? { area: joined.slice(0, areaLength), local: rest } : null;
}

/** Short or unrecognised numbers: stars for all but the last digits, at most four and at most half. */
function maskDigits(digits: string): string {
  if (!digits) return '****';
  const keep = Math.min(4, Math.floor(digits.length / 2));
  return '*'.repeat(digits.length - keep) + digits.slice(digits.length - keep);
}
