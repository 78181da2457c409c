/**
 * Free text that leaves for another system (a worker's result, a hand-back reason) may hold a number
 * someone typed in: every mobile or landline in it is masked as the hub masks caller numbers.
 */
import { maskPhone } from '../privacy/mask-phone';

/** A mainland mobile (optionally +86), or a landline with its area code; not inside a longer run of digits. */
const PHONE_IN_TEXT = /(?<!\d)(?:(?:\+86|0086)[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (found) => maskPhone(found));
}
