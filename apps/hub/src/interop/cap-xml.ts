/**
 * Writes a CAP alert (built by libs/domain/src/interop/cap.ts) as CAP 1.2 XML: elements in the order
 * CAP-v1.2.xsd's sequences require, in the CAP namespace, escaped by xmlbuilder2.
 */
import { CAP_NAMESPACE, type CapAlert, type CapInfo } from '@xiaonao/contracts';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

function leaf(parent: XMLBuilder, name: string, value: string | undefined): void {
  if (value !== undefined) parent.ele(name).txt(value);
}

function writeInfo(parent: XMLBuilder, info: CapInfo): void {
  const el = parent.ele('info');
  leaf(el, 'language', info.language);
  for (const category of info.category) leaf(el, 'category', category);
  leaf(el, 'event', info.event);
  for (const response of info.responseType ?? []) leaf(el, 'responseType', response);
  leaf(el, 'urgency', info.urgency);
  leaf(el, 'severity', info.severity);
  leaf(el, 'certainty', info.certainty);
  leaf(el, 'senderName', info.senderName);
  leaf(el, 'headline', info.headline);
  leaf(el, 'description', info.description);
  leaf(el, 'instruction', info.instruction);
  for (const p of info.parameter ?? []) {
    const pair = el.ele('parameter');
    leaf(pair, 'valueName', p.valueName);
    leaf(pair, 'value', p.value);
  }
  for (const r of info.resource ?? []) {
    const res = el.ele('resource');
    leaf(res, 'resourceDesc', r.resourceDesc);
    leaf(res, 'mimeType', r.mimeType);
    leaf(res, 'uri', r.uri);
  }
  for (const a of info.area) {
    const area = el.ele('area');
    leaf(area, 'areaDesc', a.areaDesc);
    for (const circle of a.circle) leaf(area, 'circle', circle);
  }
}

export function capXml(alert: CapAlert): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(CAP_NAMESPACE, 'alert');
  leaf(root, 'identifier', alert.identifier);
  leaf(root, 'sender', alert.sender);
  leaf(root, 'sent', alert.sent);
  leaf(root, 'status', alert.status);
  leaf(root, 'msgType', alert.msgType);
  leaf(root, 'source', alert.source);
  leaf(root, 'scope', alert.scope);
  leaf(root, 'restriction', alert.restriction);
  leaf(root, 'references', alert.references);
  leaf(root, 'incidents', alert.incidents);
  for (const info of alert.info) writeInfo(root, info);
  return doc.end({ prettyPrint: true });
}
