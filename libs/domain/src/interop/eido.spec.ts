import type { TimelineEntryView } from '@xiaonao/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { eidoErrors, eidoValidator, sampleEido } from '../../../../test/support/interop-schemas';
import { newIncidentView } from '../../../../test/support/incident-view';
import { incidentTrackingId, townshipAgencyId } from './eido-ids';
import { EIDO_INCIDENT_TYPE, toEido, type EidoCaseInput } from './eido';
import { shanghaiIso } from './shanghai-iso';

const W1 = '00000000-0000-4000-8000-000000000001';
const W2 = '00000000-0000-4000-8000-000000000002';

function entry(seq: number, type: TimelineEntryView['type'], at: string, over: Partial<TimelineEntryView> = {}): TimelineEntryView {
  return { id: String(seq), seq, type, at, actor: 'system', workerId: null, location: null, detail: {}, source: 'system', hash: 'h'.repeat(64), ...over };
}

/** A 110 case closed by W1 with W2 assisting, the station that sent it, and a timeline. */
function closedCase(): EidoCaseInput {
  return {
    incident: newIncidentView({
      id: '11111111-1111-4111-8111-111111111111',
      state: 'closed',
      closure: 'resolved',
      result: '已调解<完毕>',
      station: { id: 's1', code: 'PCS01', name: '河庄派出所' },
      grid: { id: 'g1', code: 'G01', name: '河庄一网格' },
      worker: { id: W1, name: '张伟', phone: '13900001111' },
      assistants: [{ id: W2, name: '李娜', phone: '13900002222' }],
      callerPhone: '13812345678',
      callerPhoneMasked: false,
      closedAt: '2026-03-15T06:20:00.000Z',
      updatedAt: '2026-03-15T06:20:00.000Z',
    }),
    timeline: [
      entry(1, 'received', '2026-03-15T06:00:00.000Z', { source: '110' }),
      entry(2, 'accepted', '2026-03-15T06:00:40.000Z', { workerId: W1, actor: '张伟', source: 'phone' }),
      entry(3, 'closed', '2026-03-15T06:20:00.000Z', { workerId: W1, actor: '张伟', source: 'phone', detail: { result: '已调解<完毕>' } }),
    ],
    responders: [
      { id: W1, name: '张伟', team: 'grid_worker', role: 'primary' },
      { id: W2, name: '李娜', team: 'mediator', role: 'assistant' },
    ],
    township: { code: 'hezhuang', name: '河庄街道' },
  };
}

describe('a case as an EIDO (NENA-STA-021.1b)', () => {
  beforeAll(() => {
    eidoValidator();
  });

  it('the shipped schema accepts the sample that came with it and refuses an empty object (the check works)', () => {
    expect(eidoErrors(sampleEido())).toEqual([]);
    expect(eidoErrors({})).not.toEqual([]);
  });

  it('is valid against the published schema, open or closed, with or without workers', () => {
    expect(eidoErrors(toEido(closedCase()))).toEqual([]);
    const fresh = { ...closedCase(), incident: newIncidentView(), timeline: [], responders: [] };
    expect(eidoErrors(toEido(fresh))).toEqual([]);
    const camera = { ...fresh, incident: newIncidentView({ source: 'camera', callerName: '', callerPhone: '', description: '' }) };
    expect(eidoErrors(toEido(camera))).toEqual([]);
  });

  it('a camera case has no caller: the camera goes out as the sensor that reported it', () => {
    const camera = { ...closedCase(), incident: newIncidentView({ source: 'camera', callerName: '视频告警（河庄大道路口）', callerPhone: '' }), timeline: [], responders: [] };
    const doc = toEido(camera);
    expect(eidoErrors(doc)).toEqual([]);
    expect(doc.personComponent).toBeUndefined();
    expect(doc.callComponent).toBeUndefined();
    expect(doc.alarmsSensorsComponent).toHaveLength(1);
    expect(JSON.stringify(doc.notesComponent)).toContain('报告来源 / reported by: 视频告警（河庄大道路口）');
  });

  it('names the case by its case number and the township as the owning agency, the station as the transferring one', () => {
    const doc = toEido(closedCase());
    expect(doc.$id).toBe(incidentTrackingId('hezhuang', '330114202603151400000001'));
    expect(doc.$id).toBe('urn:emergency:uid:incidentid:330114202603151400000001:township.hezhuang.xiaonao');
    expect(doc.incidentComponent.internalIncidentId).toBe('330114202603151400000001');
    expect(doc.agencyComponent.map((a) => [a.$id, a.incidentOwningAgencyIndicator, a.agencyType])).toEqual([
      [townshipAgencyId('hezhuang'), true, ['psap']],
      ['station.pcs01.township.hezhuang.xiaonao', false, ['police']],
    ]);
  });

  it('maps the category onto the APCO code, keeps ours beside it, and writes status, priority, grid and disposition', () => {
    const doc = toEido(closedCase());
    expect(doc.incidentComponent).toMatchObject({
      incidentTypeCommonRegistryText: EIDO_INCIDENT_TYPE.dispute,
      incidentTypeInternalCode: 'dispute',
      incidentTypeInternalText: '纠纷',
      incidentStatusInternalText: ['closed', '已办结', 'resolved', '已办结'],
      incidentCommonPriorityNumber: 2,
      beatOrDispatchGroupText: '河庄一网格',
    });
    expect(doc.incidentComponent.dispositionComponent?.[0]).toMatchObject({ dispositionCommonRegistryCode: 'resolved', dispositionDescriptionText: '已调解<完毕>' });
  });

  it('puts the point in PIDF-LO (lat lon, EPSG:4326) and the address beside it', () => {
    const [location] = toEido(closedCase()).locationComponent ?? [];
    expect(location.locationByValue).toContain('<gml:pos>30.2900000 120.5300000</gml:pos>');
    expect(location.locationDescriptionText).toBe('河庄街道河庄大道88号');
  });

  it('lists the workers with name and team and their unit status, never their phones', () => {
    const doc = toEido(closedCase());
    expect(doc.emergencyResourceComponent?.map((r) => [r.emergencyResourceName, r.primaryUnitStatusRegistryText])).toEqual([
      ['张伟（主办）', 'Available'],
      ['李娜（协办）', 'Available'],
    ]);
    expect(doc.agentComponent?.[1].agentJcard).toContain('调解员');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('13900001111');
    expect(text).not.toContain('13900002222');
  });

  it('masks the caller number even when the view held it in full', () => {
    const text = JSON.stringify(toEido(closedCase()));
    expect(text).not.toContain('13812345678');
    expect(text).toContain('138****5678');
  });

  it('turns every timeline event into a Chinese note (English beside), HTML-escaped, in Beijing time, with the worker as agent', () => {
    const doc = toEido(closedCase());
    const notes = doc.notesComponent ?? [];
    const closed = notes.find((n) => n.$id.endsWith(':3'));
    expect(closed?.notesActionComments).toBe('<p>2026-03-15 14:20:00 办结（Closed）<br>操作人 / by: 张伟<br>result: 已调解&lt;完毕&gt;</p>');
    expect(closed?.agentReference).toEqual({ $ref: `urn:xiaonao:worker:${W1}` });
    expect(closed?.lastUpdateTimeStamp).toBe('2026-03-15T14:20:00.000+08:00');
    expect(doc.incidentComponent.notesReference?.map((r) => r.$ref)).toEqual(notes.map((n) => n.$id));
  });
});

describe('shanghaiIso', () => {
  it('writes the instant with +08:00, with or without milliseconds', () => {
    expect(shanghaiIso('2026-03-15T16:30:05.123Z')).toBe('2026-03-16T00:30:05.123+08:00');
    expect(shanghaiIso(new Date('2026-03-15T16:30:05.123Z'), false)).toBe('2026-03-16T00:30:05+08:00');
  });
});
