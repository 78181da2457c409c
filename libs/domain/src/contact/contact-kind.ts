/**
 * What the contact stage of a case means. A 110 transfer has a caller to phone; a case with nobody
 * to call (a camera alert, a patrol's own report) can only be checked on site: 现场核查.
 */
import type { ContactKind } from '@xiaonao/contracts';

export function contactKindOf(incident: { callerPhone: string | null }): ContactKind {
  return incident.callerPhone?.trim() ? 'party' : 'site_check';
}
