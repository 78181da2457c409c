/**
 * A camera alert as an OASIS CAP 1.2 alert: who sent it (the township), when (Asia/Shanghai, no
 * fractions, as CAP wants), what the camera saw and how sure the analysis was, and a circle around the
 * camera. The hub serialises it (apps/hub/src/interop/cap-xml.ts); the shipped CAP-v1.2.xsd checks it.
 *
 * Scope is always Restricted: an unconfirmed camera detection is for the command room and the workers
 * it sends, not a public warning (a public warning is the government's to issue, not this hub's).
 */
import {
  CAMERA_ALERT_OUTCOME_LABELS,
  CAMERA_ALERT_TYPE_LABELS,
  type CameraAlertOutcome,
  type CameraAlertType,
  type CapAlert,
  type CapCategory,
  type CapCertainty,
  type CapResource,
  type CapSeverity,
  type CapUrgency,
  type LngLat,
} from '@xiaonao/contracts';
import { componentId, townshipAgencyId } from './eido-ids';
import { shanghaiIso } from './shanghai-iso';

export interface CapAlertInput {
  alert: {
    id: string;
    type: CameraAlertType;
    confidence: number;
    seenAt: Date | string;
    receivedAt: Date | string;
    outcome: CameraAlertOutcome;
    /** Raised by an operator watching the feed rather than by the platform's analysis. */
    byOperator: boolean;
    snapshotRef: string | null;
    clipRef: string | null;
  };
  camera: { code: string; name: string; location: LngLat; owner: string };
  /** The case the alert opened or joined; null below the threshold. */
  incident: { caseNo: string } | null;
  /** The alert that opened that case, when this one joined it later: the CAP message this one updates. */
  opener: { id: string; receivedAt: Date | string } | null;
  township: { code: string; name: string };
}

/** What a camera sees, in CAP's terms: category, urgency and severity per alert type (chosen by us). */
export const CAP_ALERT_TYPE: Readonly<Record<CameraAlertType, { category: CapCategory; urgency: CapUrgency; severity: CapSeverity }>> = {
  fire: { category: 'Fire', urgency: 'Immediate', severity: 'Severe' },
  smoke: { category: 'Fire', urgency: 'Immediate', severity: 'Moderate' },
  fight: { category: 'Security', urgency: 'Immediate', severity: 'Severe' },
  crowd: { category: 'Safety', urgency: 'Expected', severity: 'Moderate' },
  water: { category: 'Infra', urgency: 'Expected', severity: 'Moderate' },
  illegal_parking: { category: 'Transport', urgency: 'Future', severity: 'Minor' },
  street_vending: { category: 'Safety', urgency: 'Future', severity: 'Minor' },
  litter: { category: 'Env', urgency: 'Future', severity: 'Minor' },
};

/** The circle drawn round a camera: what a street camera sees, about a hundred metres. */
export const CAP_CAMERA_RADIUS_KM = 0.1;

/** A person who saw it observed it; otherwise the analysis' confidence, on CAP's scale (Likely: p > ~50%). */
export function capCertainty(confidence: number, byOperator: boolean): CapCertainty {
  if (byOperator) return 'Observed';
  if (confidence > 0.5) return 'Likely';
  if (confidence > 0.05) return 'Possible';
  return 'Unlikely';
}

function mimeOf(ref: string, fallback: string): string {
  const path = ref.split(/[?#]/)[0].toLowerCase();
  if (/\.jpe?g$/.test(path)) return 'image/jpeg';
  if (path.endsWith('.png')) return 'image/png';
  if (path.endsWith('.mp4')) return 'video/mp4';
  return fallback;
}

/** Only references that are URLs can go out as a CAP resource's uri; a platform's own reference stays a parameter. */
function resourceOf(ref: string | null, desc: string, fallbackMime: string): CapResource[] {
  if (!ref || !/^https?:\/\//i.test(ref)) return [];
  return [{ resourceDesc: desc, mimeType: mimeOf(ref, fallbackMime), uri: ref }];
}

/** The CAP identifier of a camera alert (also what a later alert's `references` names). */
export function capIdentifier(alertId: string): string {
  return componentId('camera-alert', alertId);
}

export function toCap(input: CapAlertInput): CapAlert {
  const { alert, camera, incident, opener, township } = input;
  const sender = townshipAgencyId(township.code);
  const kind = CAP_ALERT_TYPE[alert.type];
  const label = CAMERA_ALERT_TYPE_LABELS[alert.type];
  const outcome = CAMERA_ALERT_OUTCOME_LABELS[alert.outcome];
  const percent = Math.round(alert.confidence * 100);
  const seen = shanghaiIso(alert.seenAt, false);
  const isUpdate = (alert.outcome === 'linked' || alert.outcome === 'merged') && opener !== null && opener.id !== alert.id;

  const parameters = [
    { valueName: 'confidence', value: alert.confidence.toFixed(2) },
    { valueName: 'cameraCode', value: camera.code },
    { valueName: 'alertType', value: alert.type },
    { valueName: 'outcome', value: alert.outcome },
    { valueName: 'seenAt', value: seen },
  ];
  if (incident) parameters.push({ valueName: 'caseNo', value: incident.caseNo });
  if (alert.snapshotRef && !/^https?:\/\//i.test(alert.snapshotRef)) parameters.push({ valueName: 'snapshotRef', value: alert.snapshotRef });
  if (alert.clipRef && !/^https?:\/\//i.test(alert.clipRef)) parameters.push({ valueName: 'clipRef', value: alert.clipRef });

  const resources = [...resourceOf(alert.snapshotRef, '现场截图 / snapshot', 'image/jpeg'), ...resourceOf(alert.clipRef, '视频片段 / video clip', 'video/mp4')];

  return {
    identifier: capIdentifier(alert.id),
    sender,
    sent: shanghaiIso(alert.receivedAt, false),
    status: 'Actual',
    msgType: isUpdate ? 'Update' : 'Alert',
    source: `视频巡查 ${camera.name}（${camera.code}）`,
    scope: 'Restricted',
    restriction: '仅限乡镇综治指挥室及其派出的处置人员 / for the township command room and the workers it sends only',
    ...(isUpdate && opener ? { references: `${sender},${capIdentifier(opener.id)},${shanghaiIso(opener.receivedAt, false)}` } : {}),
    ...(incident ? { incidents: incident.caseNo } : {}),
    info: [
      {
        language: 'zh-CN',
        category: [kind.category],
        event: label.zh,
        responseType: [alert.outcome === 'below_threshold' ? 'Monitor' : 'Assess'],
        urgency: kind.urgency,
        severity: kind.severity,
        certainty: capCertainty(alert.confidence, alert.byOperator),
        senderName: `${township.name}综治指挥室`,
        headline: `${camera.name}：${label.zh}（置信度 ${percent}%）`,
        description:
          `摄像头「${camera.name}」（${camera.code}，${camera.owner || '所属单位未登记'}）于 ${seen.slice(0, 19).replace('T', ' ')} ${alert.byOperator ? '经值班员视频巡查发现' : '检测到'}${label.zh}，置信度 ${percent}%；${outcome.zh}。` +
          ` / Camera "${camera.name}" (${camera.code}) ${alert.byOperator ? 'was watched by an operator who saw' : 'detected'} ${label.en.toLowerCase()} at ${seen}, confidence ${percent}%; ${outcome.en.toLowerCase()}.`,
        ...(incident ? { instruction: `已立案 ${incident.caseNo}，由网格员现场核查处置 / case ${incident.caseNo}: a grid worker checks and handles it on site` } : {}),
        parameter: parameters,
        ...(resources.length ? { resource: resources } : {}),
        area: [
          {
            areaDesc: `${camera.name}（${camera.code}）周边约 ${CAP_CAMERA_RADIUS_KM * 1000} 米 / about ${CAP_CAMERA_RADIUS_KM * 1000} m round the camera`,
            circle: [`${camera.location.lat.toFixed(6)},${camera.location.lng.toFixed(6)} ${CAP_CAMERA_RADIUS_KM}`],
          },
        ],
      },
    ],
  };
}
