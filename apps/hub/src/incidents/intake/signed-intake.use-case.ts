/**
 * Intake of a transfer at a signed door (110, 12345), whichever way it came (HTTP or JetStream), top
 * to bottom: admit only the door's kind of key, judge what only such a door knows (receipt time, the
 * handing-over station if any, the declared coordinate system), make the door's fingerprint of the
 * request, and hand both to IncidentCreator, which writes the fingerprint, the case, its report,
 * timers and news in one transaction, or nothing. The same number with the same content answers with
 * the incident it made or joined (`duplicate: true`); with other content, or a number another door
 * took, it is a conflict naming the fields that differ (nothing is written for either).
 */
import { Inject, Injectable } from '@nestjs/common';
import { INCIDENT_STATE_LABELS, type IncidentView, type Intake110Response, type RefView } from '@xiaonao/contracts';
import { DomainError, toWgs84 } from '@xiaonao/domain';
import { admitKind } from '../../auth/integration-kind';
import type { Integration } from '../../auth/session';
import { Clock } from '../../clock/clock';
import { TownshipDirectory } from '../../township/township-directory';
import { IncidentCreator } from './incident-creator';
import { differingFields, fingerprintOf, type Fingerprint } from './intake-fingerprint';
import type { CreatedIncident } from './new-case';
import type { SignedDoor, SignedTransfer } from './signed-door';

/** A receipt time this far in the future is a clock error on the sender's side, not a case. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Older than the intake stream keeps messages (a week): a mistyped date, not a live case to time. */
const MAX_AGE_MS = 7 * 24 * 3600_000;

@Injectable()
export class SignedIntake {
  constructor(
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(door: SignedDoor, from: Integration, req: SignedTransfer): Promise<Intake110Response> {
    admitKind(from, [door.kind], door.admission.zh, door.admission.en);
    const townshipId = from.townshipId;
    const receivedAt = this.judgeReceipt(req.receivedAt);
    const station = await this.stationOf(townshipId, req.policeStationCode);
    const coordSystem = req.coordSystem ?? 'WGS84';
    const site = toWgs84(req.location, coordSystem);
    const fingerprint = fingerprintOf({ ...req, receivedAt, site, policeStationCode: station?.code ?? '' });

    const made = await this.creator.create(
      {
        townshipId,
        caseNo: req.caseNo,
        source: door.source,
        receivedAt,
        callerName: req.callerName,
        callerPhone: req.callerPhone,
        address: req.address,
        site,
        category: req.category,
        description: req.description,
        stationId: station?.id ?? null,
        actor: station ? `${door.source}:${station.code}` : `${door.source}:${from.name}`,
        eventSource: door.source,
        detail: { via: from.name, coordSystem },
        integrationId: from.apiKeyId,
      },
      { fingerprint },
    );
    if (made.duplicate) judgeResend(door, req.caseNo, made, fingerprint);
    return this.answer(req.caseNo, made.incident, made.duplicate);
  }

  /** The handing-over station a 110 transfer names; a door without stations (12345) names none. */
  private async stationOf(townshipId: string, code: string | undefined): Promise<RefView | null> {
    if (code === undefined) return null;
    const station = await this.townships.station(townshipId, code);
    if (!station) throw new DomainError('INVALID_INPUT', `policeStationCode：未知的派出所编码「${code}」`, 'policeStationCode: unknown station', 'policeStationCode');
    return station;
  }

  private judgeReceipt(raw: string): Date {
    const receivedAt = new Date(raw);
    const now = this.clock.now().getTime();
    if (Number.isNaN(receivedAt.getTime())) throw new DomainError('INVALID_INPUT', 'receivedAt：不是有效的时间', 'receivedAt: not a valid time', 'receivedAt');
    if (receivedAt.getTime() > now + MAX_CLOCK_SKEW_MS) throw new DomainError('INVALID_INPUT', 'receivedAt：接收时间晚于当前时间', 'receivedAt: lies in the future', 'receivedAt');
    if (receivedAt.getTime() < now - MAX_AGE_MS) {
      throw new DomainError('INVALID_INPUT', 'receivedAt：接收时间早于 7 天前，请核对日期', 'receivedAt: more than 7 days ago', 'receivedAt');
    }
    return receivedAt;
  }

  private answer(caseNo: string, incident: IncidentView, duplicate: boolean): Intake110Response {
    return {
      incidentId: incident.id,
      duplicate,
      incident,
      receipt: {
        caseNo,
        incidentId: incident.id,
        duplicate,
        linked: incident.caseNo !== caseNo,
        receivedAt: incident.receivedAt,
        signedAt: this.clock.now().toISOString(),
        state: incident.state,
        stateLabel: INCIDENT_STATE_LABELS[incident.state].zh,
      },
    };
  }
}

/**
 * A number sent again is the same case when its fingerprint matches what the number was first taken
 * with (equal hashes at once; otherwise field by field, since a site converted from another coordinate
 * system may differ by a rounding). A number another door took is a conflict; nothing kept counts as same.
 */
function judgeResend(door: SignedDoor, caseNo: string, made: CreatedIncident, fingerprint: Fingerprint): void {
  if (!made.stored) return;
  const { fingerprint: stored, source } = made.stored;
  if (source !== door.source) throw conflict(door, caseNo, ['caseNo']);
  if (stored.hash === fingerprint.hash) return;
  const differing = differingFields(stored.facts, fingerprint.facts);
  if (differing.length) throw conflict(door, caseNo, differing);
}

function conflict(door: SignedDoor, caseNo: string, differing: string[]): DomainError {
  const fields = differing.length ? differing : ['caseNo'];
  return new DomainError(
    'DUPLICATE_CONFLICT',
    `${fields[0]}：${door.numberName.zh}「${caseNo}」已接收，但内容不同（不同字段：${fields.join('、')}）；同一编号只能对应同一${door.source === '110' ? '警情' : '工单'}`,
    `${fields[0]}: ${door.numberName.en} ${caseNo} was already received with other content (differs in: ${fields.join(', ')})`,
    fields[0],
  );
}
