/**
 * Intake of a non-police 110 case: check what only the 110 door knows (receipt time, the handing-over
 * station, the declared coordinate system) and make the case once per 110 case number. The same case
 * number again returns the incident already made.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Intake110Request, Intake110Response } from '@xiaonao/contracts';
import { DomainError, toWgs84 } from '@xiaonao/domain';
import type { Integration } from '../../auth/session';
import { Clock } from '../../clock/clock';
import { TownshipDirectory } from '../../township/township-directory';
import { IncidentCreator } from './incident-creator';

/** A receipt time this far in the future is a clock error on the sender's side, not a case. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

@Injectable()
export class Intake110 {
  constructor(
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(from: Integration, req: Intake110Request): Promise<Intake110Response> {
    const townshipId = from.townshipId;
    const receivedAt = new Date(req.receivedAt);
    if (receivedAt.getTime() > this.clock.now().getTime() + MAX_CLOCK_SKEW_MS) {
      throw new DomainError('INVALID_INPUT', 'receivedAt：接收时间晚于当前时间', 'receivedAt: lies in the future', 'receivedAt');
    }
    const station = await this.townships.station(townshipId, req.policeStationCode);
    if (!station) throw new DomainError('INVALID_INPUT', `policeStationCode：未知的派出所编码「${req.policeStationCode}」`, 'policeStationCode: unknown station', 'policeStationCode');
    const coordSystem = req.coordSystem ?? 'WGS84';
    const { duplicate, incident } = await this.creator.create({
      townshipId,
      caseNo: req.caseNo,
      source: '110',
      receivedAt,
      callerName: req.callerName,
      callerPhone: req.callerPhone,
      address: req.address,
      site: toWgs84(req.location, coordSystem),
      category: req.category,
      description: req.description,
      stationId: station.id,
      actor: `110:${station.code}`,
      eventSource: '110',
      detail: { via: from.name, coordSystem },
    });
    return { incidentId: incident.id, duplicate, incident };
  }
}
