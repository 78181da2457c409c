import { toCap, type CapAlertInput } from '@xiaonao/domain';
import { describe, expect, it } from 'vitest';
import { capErrors } from '../../../../test/support/interop-schemas';
import { capXml } from './cap-xml';

const base: CapAlertInput = {
  alert: { id: 'a1', type: 'smoke', confidence: 0.66, seenAt: '2026-03-15T06:00:00Z', receivedAt: '2026-03-15T06:00:01Z', outcome: 'merged', byOperator: false, snapshotRef: 'https://v.example/s.png?x=1&y=<2>', clipRef: null },
  camera: { code: 'CAM-&-01', name: '路口 <东> & "西"', location: { lng: 120.5, lat: 30.2 }, owner: '' },
  incident: { caseNo: 'SP1' },
  opener: { id: 'a0', receivedAt: '2026-03-15T05:59:00Z' },
  township: { code: 'hezhuang', name: '河庄街道' },
};

describe('CAP 1.2 XML', () => {
  it('is valid against the published CAP-v1.2.xsd, markup in the text escaped', async () => {
    const xml = capXml(toCap(base));
    expect(await capErrors(xml)).toEqual([]);
    expect(xml).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(xml).toContain('路口 &lt;东&gt; &amp; "西"');
    expect(xml).toContain('<msgType>Update</msgType>');
  });

  it('the check works: an alert without its sender is refused', async () => {
    const xml = capXml(toCap(base)).replace(/<sender>[^<]*<\/sender>/, '');
    expect(await capErrors(xml)).not.toEqual([]);
  });
});
