/**
 * Log lines must not carry a person's phone number (PIPL; issue 10). Whatever the code logs, a mainland
 * mobile number in it is shown as 139****2345, the form the consoles use. Longer digit runs (case
 * numbers, timestamps) are left alone.
 */
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskPhoneNumbers(text: string): string {
  return text.replace(MOBILE, '$1****$2');
}
