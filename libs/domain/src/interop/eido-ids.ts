/**
 * Identifiers in an EIDO. NENA wants agencies and functional elements named like domain names
 * (NENA-STA-010 §2.1) and incidents by `urn:emergency:uid:incidentid:<unique>:<agency>`. The hub has no
 * registered domain of its own, so its names sit under the township's code with the suffix `.xiaonao`;
 * a deployment that owns a domain can map them one to one. Components carry `urn:xiaonao:<kind>:<id>`.
 */

const SUFFIX = 'xiaonao';

/** Codes are short ASCII in practice; anything else is made safe for a name segment. */
function segment(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** The township's command room as an agency: township.hezhuang.xiaonao. */
export function townshipAgencyId(townshipCode: string): string {
  return `township.${segment(townshipCode)}.${SUFFIX}`;
}

/** The police station that handed the case over: station.<code>.township.<code>.xiaonao. */
export function stationAgencyId(townshipCode: string, stationCode: string): string {
  return `station.${segment(stationCode)}.${townshipAgencyId(townshipCode)}`;
}

/** The functional element that writes the EIDO: the township's hub. */
export function issuingElementId(townshipCode: string): string {
  return `hub.${townshipAgencyId(townshipCode)}`;
}

/** The incident tracking identifier: our case number, unique in the township, under the township's name. */
export function incidentTrackingId(townshipCode: string, caseNo: string): string {
  return `urn:emergency:uid:incidentid:${caseNo.replace(/[^A-Za-z0-9._-]/g, '-')}:${townshipAgencyId(townshipCode)}`;
}

export function componentId(kind: string, id: string): string {
  return `urn:${SUFFIX}:${kind}:${id}`;
}
