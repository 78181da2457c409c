/**
 * A case as a NENA EIDO (NENA-STA-021.1b): the incident, its location, the township (and the station
 * that handed it over) as agencies, the workers as agents and emergency resources, the caller as a
 * person, and every timeline event as a note in Chinese with the English label beside it.
 *
 * Personal data: workers go out with name and team only, never a phone; the caller's number is masked
 * here again (masking a mask changes nothing), whatever the view that came in. docs/eido-cap.md has the
 * field-by-field mapping and says which registry values are the standard's and which are ours.
 */
import {
  CATEGORY_LABELS,
  CLOSURE_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATE_LABELS,
  TEAM_LABELS,
  TIMELINE_LABELS,
  type Category,
  type EidoAgency,
  type EidoAgent,
  type EidoAlarmsSensors,
  type EidoCall,
  type EidoDocument,
  type EidoEmergencyResource,
  type EidoIncident,
  type EidoNote,
  type EidoPerson,
  type EidoReference,
  type IncidentState,
  type IncidentView,
  type Team,
  type TimelineEntryView,
} from '@xiaonao/contracts';
import { maskPhone } from '../privacy/mask-phone';
import { componentId, incidentTrackingId, issuingElementId, stationAgencyId, townshipAgencyId } from './eido-ids';
import { escapeMarkup } from './markup';
import { shanghaiIso } from './shanghai-iso';

/** A worker on the case, as the export may name them: no phone. */
export interface EidoResponder {
  id: string;
  name: string;
  team: Team;
  role: 'primary' | 'assistant';
}

export interface EidoCaseInput {
  /** The case as news or an operator sees it (caller number masked). */
  incident: IncidentView;
  timeline: readonly TimelineEntryView[];
  responders: readonly EidoResponder[];
  township: { code: string; name: string };
}

/**
 * Our categories on the APCO incident category codes that the EIDO schema ships (NIEM apco.yaml,
 * apcoIncidentCategoryCodeSimpleType): the nearest code, chosen by us.
 */
export const EIDO_INCIDENT_TYPE: Readonly<Record<Category, string>> = {
  dispute: 'CIVIL',
  noise: 'NOISE',
  fire_hazard: 'FOTHER',
  blocked_passage: 'THAZ',
  stray_animal: 'ANIMAL',
  elderly_help: 'WELFARE',
  water_leak: 'WATER',
  other: 'CITASST',
  theft: 'LARCENY',
  assault: 'ASSAULT',
  traffic_accident: 'MVA',
};

/** Where a worker stands, as a unit status. */
function unitStatus(state: IncidentState): string {
  switch (state) {
    case 'received':
    case 'offered':
      return 'Dispatched';
    case 'accepted':
    case 'contacted':
      return 'Enroute';
    case 'arrived':
      return 'OnScene';
    case 'closed':
      return 'Available';
  }
}

/** Detail fields a person wrote or chose that belong in the note's text (ids and positions do not). */
const NOTE_DETAIL_FIELDS = ['result', 'reason', 'note', 'notes', 'comment', 'outcome', 'category'] as const;

function noteText(entry: TimelineEntryView): string {
  const label = TIMELINE_LABELS[entry.type];
  const parts = [`${shanghaiIso(entry.at).slice(0, 19).replace('T', ' ')} ${label.zh}（${label.en}）`];
  if (entry.actor) parts.push(`操作人 / by: ${entry.actor}`);
  for (const field of NOTE_DETAIL_FIELDS) {
    const value = entry.detail[field];
    if (typeof value === 'string' && value.trim()) parts.push(`${field}: ${value.trim()}`);
  }
  return `<p>${parts.map(escapeMarkup).join('<br>')}</p>`;
}

/** A point as PIDF-LO (RFC 4119 with the GML point of RFC 5491), latitude first as EPSG:4326 has it. */
function pidfPoint(entity: string, lng: number, lat: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" entity="pres:${escapeMarkup(entity)}">` +
    '<tuple id="incident"><status><gp:geopriv><gp:location-info>' +
    `<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${lat.toFixed(7)} ${lng.toFixed(7)}</gml:pos></gml:Point>` +
    '</gp:location-info><gp:usage-rules/><gp:method>Manual</gp:method></gp:geopriv></status></tuple></presence>'
  );
}

const ref = ($ref: string): EidoReference => ({ $ref });

export function toEido(input: EidoCaseInput): EidoDocument {
  const { incident: c, timeline, responders, township } = input;
  const townshipAgency = townshipAgencyId(township.code);
  const owner = ref(townshipAgency);
  const updated = shanghaiIso(c.updatedAt);
  const prologue = (id: string, at = updated) => ({ $id: id, lastUpdateTimeStamp: at, updatedByAgencyReference: owner });

  const agencies: EidoAgency[] = [
    {
      ...prologue(townshipAgency),
      agencyRoleDescriptionRegistryText: ['Dispatch'],
      agencyType: ['psap'],
      incidentOwningAgencyIndicator: true,
      agencyJcard: JSON.stringify(['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', `${township.name}综治指挥室`], ['kind', {}, 'text', 'org']]]),
    },
  ];
  if (c.station) {
    agencies.push({
      ...prologue(stationAgencyId(township.code, c.station.code)),
      agencyRoleDescriptionRegistryText: ['Transferring'],
      agencyType: ['police'],
      incidentOwningAgencyIndicator: false,
      agencyJcard: JSON.stringify(['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', c.station.name], ['kind', {}, 'text', 'org']]]),
    });
  }

  const agents: EidoAgent[] = responders.map((r) => ({
    ...prologue(componentId('worker', r.id)),
    agentRoleRegistryText: ['Responder'],
    agencyReference: owner,
    // Name and team only: a worker's phone never leaves in an export.
    agentJcard: JSON.stringify(['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', r.name], ['org', {}, 'text', TEAM_LABELS[r.team].zh]]]),
  }));

  const locationId = componentId('location', c.id);
  const resources: EidoEmergencyResource[] = responders.map((r) => ({
    ...prologue(componentId('unit', r.id)),
    agentReference: [ref(componentId('worker', r.id))],
    emergencyResourceTypeCommonRegistryText: 'Person',
    emergencyResourceTypeInternalText: `${r.team}（${TEAM_LABELS[r.team].zh}）`,
    emergencyResourceName: `${r.name}（${r.role === 'primary' ? '主办' : '协办'}）`,
    primaryUnitStatusRegistryText: unitStatus(c.state),
    secondaryUnitStatusRegistryText: [],
    resourceAttributeRegistryText: [],
    unitStatusInternal: [INCIDENT_STATE_LABELS[c.state].zh],
    unitDestinationReference: ref(locationId),
  }));

  const notes: EidoNote[] = [];
  const description = c.description.trim();
  if (description) notes.push({ ...prologue(componentId('note', `${c.id}:description`), shanghaiIso(c.receivedAt)), notesActionComments: `<p>报警内容 / report: ${escapeMarkup(description)}</p>` });
  for (const entry of timeline) {
    const worker = entry.workerId && responders.some((r) => r.id === entry.workerId) ? { agentReference: ref(componentId('worker', entry.workerId)) } : {};
    notes.push({ ...prologue(componentId('note', `${c.id}:${entry.seq}`), shanghaiIso(entry.at)), notesActionComments: noteText(entry), ...worker });
  }

  const persons: EidoPerson[] = [];
  const sensors: EidoAlarmsSensors[] = [];
  const callerPhone = maskPhone(c.callerPhone);
  if (c.source === 'camera') {
    // A camera is no caller: it goes out as the sensor that reported the case (its name is the reporter's).
    const noteId = componentId('note', `${c.id}:sensor`);
    notes.push({ ...prologue(noteId, shanghaiIso(c.receivedAt)), notesActionComments: `<p>报告来源 / reported by: ${escapeMarkup(c.callerName.trim() || INCIDENT_SOURCE_LABELS.camera.zh)}</p>` });
    sensors.push({ ...prologue(componentId('sensor', c.id), shanghaiIso(c.receivedAt)), notesReference: [ref(noteId)] });
  } else if (c.callerName.trim() || callerPhone) {
    const noteId = componentId('note', `${c.id}:caller`);
    const said = [c.callerName.trim() && `报警人 / caller: ${c.callerName.trim()}`, callerPhone && `电话（已掩码）/ phone (masked): ${callerPhone}`].filter((line) => line !== '');
    notes.push({ ...prologue(noteId, shanghaiIso(c.receivedAt)), notesActionComments: `<p>${said.map(escapeMarkup).join('<br>')}</p>` });
    persons.push({ ...prologue(componentId('person', `${c.id}:caller`), shanghaiIso(c.receivedAt)), personIncidentRoleRegistryText: ['Caller'], notesReference: [ref(noteId)] });
  }

  const incident: EidoIncident = {
    ...prologue(componentId('incident', c.id)),
    incidentTypeCommonRegistryText: EIDO_INCIDENT_TYPE[c.category],
    incidentTypeInternalCode: c.category,
    incidentTypeInternalText: CATEGORY_LABELS[c.category].zh,
    incidentStatusInternalText: [c.state, INCIDENT_STATE_LABELS[c.state].zh, ...(c.closure ? [c.closure, CLOSURE_LABELS[c.closure].zh] : [])],
    internalIncidentId: c.caseNo,
    documentIdentification: [c.id],
    locationReference: [ref(locationId)],
    incidentPriorityInternalText: String(c.priority),
    incidentCommonPriorityNumber: c.priority,
    notesReference: notes.map((n) => ref(n.$id)),
  };
  if (agents.length) incident.agentReference = agents.map((a) => ref(a.$id));
  if (persons.length) incident.personReference = persons.map((p) => ref(p.$id));
  if (c.grid) incident.beatOrDispatchGroupText = c.grid.name;
  if (c.state === 'closed') {
    incident.dispositionComponent = [
      {
        ...prologue(componentId('disposition', c.id), shanghaiIso(c.closedAt ?? c.updatedAt)),
        dispositionCommonRegistryCode: c.closure ?? 'resolved',
        dispositionPrimaryIndicator: true,
        dispositionCategoryText: c.closure ? CLOSURE_LABELS[c.closure].zh : INCIDENT_STATE_LABELS.closed.zh,
        ...(c.result ? { dispositionDescriptionText: c.result } : {}),
      },
    ];
  }

  const doc: EidoDocument = {
    ...prologue(incidentTrackingId(township.code, c.caseNo)),
    eidoVersion: '1.0',
    issuingElementIdentification: issuingElementId(township.code),
    incidentComponent: incident,
    agencyComponent: agencies,
    locationComponent: [
      {
        ...prologue(locationId),
        locationTypeDescriptionRegistryText: 'Incident',
        locationByValue: pidfPoint(issuingElementId(township.code), c.location.lng, c.location.lat),
        ...(c.address.trim() ? { locationDescriptionText: c.address.trim() } : {}),
      },
    ],
    notesComponent: notes,
  };
  const call = callOf(c, owner, persons, locationId);
  if (call) doc.callComponent = [call];
  if (persons.length) doc.personComponent = persons;
  if (sensors.length) doc.alarmsSensorsComponent = sensors;
  if (agents.length) {
    doc.agentComponent = agents;
    doc.emergencyResourceComponent = resources;
    doc.dispatchComponent = [{ ...prologue(componentId('dispatch', c.id)), agencyReference: owner, emergencyResourceReference: resources.map((r) => ref(r.$id)) }];
  }
  return doc;
}

/** A case that came as a call (110, 12345) carries the call it came from; other doors have none. */
function callOf(c: IncidentView, owner: EidoReference, persons: readonly EidoPerson[], locationId: string): EidoCall | null {
  if (c.source !== '110' && c.source !== '12345') return null;
  const at = shanghaiIso(c.receivedAt);
  return {
    $id: componentId('call', c.id),
    lastUpdateTimeStamp: at,
    updatedByAgencyReference: owner,
    callStateRegistryText: 'callEnd',
    standardPrimaryCallType: c.source === '110' ? 'emergency' : 'nonEmergency',
    direction: 'incoming',
    callStartTimestamp: at,
    localCallType: INCIDENT_SOURCE_LABELS[c.source].zh,
    ...(persons.length ? { personReference: persons.map((p) => ref(p.$id)) } : {}),
    locationReference: [ref(locationId)],
  };
}
