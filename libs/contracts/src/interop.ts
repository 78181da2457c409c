/**
 * Standards exports (#11): a case as a NENA EIDO (NENA-STA-021.1b, JSON), EIDO updates over a plain
 * websocket the way NENA-STA-024.1a (EIDO conveyance) does, and camera-raised alerts as OASIS CAP 1.2
 * XML. The published schemas are shipped in schemas/ (schemas/README.md says where each came from);
 * docs/eido-cap.md has the field mappings and the websocket flow.
 */

/** HTTP paths of the exports, and the websocket's. */
export const INTEROP_API = {
  /** GET: the case as an EIDO JSON document (operators of the township; a station for the cases it handed over). */
  eido: (incidentId: string) => `/api/incidents/${incidentId}/eido`,
  /** GET: one camera alert as a CAP 1.2 XML alert (operators of the township). */
  cap: (alertId: string) => `/api/cameras/alerts/${alertId}/cap`,
  /** Websocket (not socket.io): EIDO subscribe / event / eventResponse / unsubscribe, JSON messages. */
  eidoSocket: '/eido/v1',
} as const;

/** The media types the exports answer with. */
export const EIDO_MEDIA_TYPE = 'application/emergency.eido+json';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

/** The websocket subprotocol of EIDO conveyance (NENA-STA-024.1a §2.1.3.1.2); offered by the client, echoed by the hub. */
export const EIDO_SUBPROTOCOL = 'emergency-ent1.0';
/** STA-024 §2.1.1: a notifier accepts subscription requests of any size up to 65,536 bytes. */
export const EIDO_MAX_MESSAGE_BYTES = 65_536;
/** Events a subscriber may leave unanswered (no eventResponse) before the hub terminates the subscription. */
export const EIDO_MAX_UNACKNOWLEDGED = 500;

// ---------------------------------------------------------------------------------------------
// The EIDO document (NENA-STA-021.1b): the part of the schema the hub fills. Names are the schema's.
// ---------------------------------------------------------------------------------------------

export interface EidoReference {
  $ref: string;
}

/** PrologueType: every data component carries it. */
export interface EidoPrologue {
  $id: string;
  lastUpdateTimeStamp: string;
  updatedByAgencyReference: EidoReference;
  updatedByAgentReference?: EidoReference;
}

export interface EidoAgency extends EidoPrologue {
  agencyRoleDescriptionRegistryText: string[];
  agencyType: string[];
  incidentOwningAgencyIndicator?: boolean;
  agencyJcard?: string;
  notesReference?: EidoReference[];
}

export interface EidoAgent extends EidoPrologue {
  agentRoleRegistryText: string[];
  agencyReference: EidoReference;
  agentJcard?: string;
}

export interface EidoNote extends EidoPrologue {
  /** HTML5 text. */
  notesActionComments: string;
  agentReference?: EidoReference;
}

export interface EidoLocation extends EidoPrologue {
  locationTypeDescriptionRegistryText: string;
  /** PIDF-LO (RFC 4119 / 5491) XML text. */
  locationByValue?: string;
  locationDescriptionText?: string;
}

export interface EidoDisposition extends EidoPrologue {
  dispositionCommonRegistryCode: string;
  dispositionPrimaryIndicator?: boolean;
  dispositionCategoryText?: string;
  dispositionDescriptionText?: string;
}

export interface EidoIncident extends EidoPrologue {
  incidentTypeCommonRegistryText: string;
  incidentTypeInternalCode?: string;
  incidentTypeInternalText?: string;
  incidentStatusInternalText?: string[];
  internalIncidentId?: string;
  agentReference?: EidoReference[];
  locationReference?: EidoReference[];
  personReference?: EidoReference[];
  documentIdentification?: string[];
  incidentPriorityInternalText?: string;
  incidentCommonPriorityNumber?: number;
  beatOrDispatchGroupText?: string;
  dispositionComponent?: EidoDisposition[];
  notesReference?: EidoReference[];
}

export interface EidoPerson extends EidoPrologue {
  personIncidentRoleRegistryText: string[];
  notesReference?: EidoReference[];
}

export interface EidoEmergencyResource extends EidoPrologue {
  agentReference: EidoReference[];
  emergencyResourceTypeCommonRegistryText: string;
  emergencyResourceTypeInternalText?: string;
  emergencyResourceName?: string;
  primaryUnitStatusRegistryText: string;
  secondaryUnitStatusRegistryText: string[];
  resourceAttributeRegistryText: string[];
  unitStatusInternal?: string[];
  unitDestinationReference?: EidoReference;
}

export interface EidoDispatch extends EidoPrologue {
  agencyReference?: EidoReference;
  emergencyResourceReference?: EidoReference[];
}

/** A camera (a sensor) that reported the case. */
export interface EidoAlarmsSensors extends EidoPrologue {
  alarmUrl?: string;
  notesReference?: EidoReference[];
}

export interface EidoCall extends EidoPrologue {
  callStateRegistryText: string;
  standardPrimaryCallType: string;
  direction: 'incoming' | 'outgoing' | 'internal';
  callStartTimestamp: string;
  localCallType?: string;
  personReference?: EidoReference[];
  locationReference?: EidoReference[];
}

/** EmergencyIncidentDataObjectType: the document. */
export interface EidoDocument extends EidoPrologue {
  eidoVersion: '1.0';
  issuingElementIdentification: string;
  incidentComponent: EidoIncident;
  callComponent?: EidoCall[];
  dispatchComponent?: EidoDispatch[];
  alarmsSensorsComponent?: EidoAlarmsSensors[];
  agencyComponent: EidoAgency[];
  agentComponent?: EidoAgent[];
  notesComponent?: EidoNote[];
  locationComponent?: EidoLocation[];
  personComponent?: EidoPerson[];
  emergencyResourceComponent?: EidoEmergencyResource[];
}

// ---------------------------------------------------------------------------------------------
// EIDO conveyance messages (NENA-STA-024.1a §2.1.5-2.1.6): one JSON object per websocket message,
// its single key naming the message. Shapes as the standard's message objects.
// ---------------------------------------------------------------------------------------------

/** Status codes of the conveyance responses (STA-024 §2.1.5.1.2, §2.1.5.2.2.1, §2.1.6.3.1). */
export const EIDO_STATUS = {
  ok: 200,
  badRequest: 400,
  forbidden: 403,
  notFound: 404,
  unacceptable: 406,
  payloadTooLarge: 413,
  subscriptionDoesNotExist: 481,
  internalError: 500,
  notImplemented: 501,
  unavailable: 503,
} as const;

export interface EidoSubscribe {
  subscribe: {
    requestId: string;
    /** "EIDO" for a new subscription. */
    requestType?: string;
    /** "new": every case of the township (now and as they change); "single": the case named by incidentId. */
    requestSubType?: 'new' | 'single';
    /** e.g. `application/emergency.eido+json; version="1"`. */
    requestAccepts?: string;
    /** Required with "single": the case's tracking id (urn:emergency:uid:incidentid:…), its case number or its id. */
    incidentId?: string;
    /** Seconds; the hub keeps the subscription this long (default and ceiling: one day). */
    expires?: number;
    minRate?: number;
    maxRate?: number;
    qualFilter?: string;
    subscriptionId?: string;
  };
}

export interface EidoSubscribeResponse {
  subscribeResponse: {
    requestId: string;
    subscriptionId?: string;
    expires?: number;
    statusCode: number;
    statusText: string;
  };
}

export interface EidoUnsubscribe {
  unsubscribe: { requestId: string; subscriptionId: string };
}

export interface EidoUnsubscribeResponse {
  unsubscribeResponse: { requestId: string; subscriptionId: string; statusCode: number; statusText: string };
}

export interface EidoEvent {
  event: { subscriptionId: string; transactionId: string; notification: EidoDocument[] };
}

export interface EidoEventResponse {
  eventResponse: { transactionId: string; statusCode: number; statusText: string };
}

/** The hub ends a subscription (expired, too many events left unanswered, the session ended). */
export interface EidoTerminate {
  terminate: { requestId: string; subscriptionId: string; statusCode: number; statusText: string };
}

export type EidoClientMessage = EidoSubscribe | EidoUnsubscribe | EidoEventResponse;
export type EidoServerMessage = EidoSubscribeResponse | EidoUnsubscribeResponse | EidoEvent | EidoTerminate;

// ---------------------------------------------------------------------------------------------
// CAP 1.2 (OASIS): the alert the hub builds, element names and order as in CAP-v1.2.xsd.
// ---------------------------------------------------------------------------------------------

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
export type CapMsgType = 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
export type CapScope = 'Public' | 'Restricted' | 'Private';
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';
export type CapResponseType = 'Shelter' | 'Evacuate' | 'Prepare' | 'Execute' | 'Avoid' | 'Monitor' | 'Assess' | 'AllClear' | 'None';
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

export interface CapValuePair {
  valueName: string;
  value: string;
}

export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  uri?: string;
}

export interface CapArea {
  areaDesc: string;
  /** "lat,lon radius-km" (WGS-84). */
  circle: string[];
}

export interface CapInfo {
  language: string;
  category: CapCategory[];
  event: string;
  responseType?: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  parameter?: CapValuePair[];
  resource?: CapResource[];
  area: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** dateTime with an explicit offset, no fractional seconds (CAP §3.3.2). */
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  /** Required when scope is Restricted. */
  restriction?: string;
  /** "sender,identifier,sent" of earlier messages, space-separated. */
  references?: string;
  incidents?: string;
  info: CapInfo[];
}
