/**
 * A worker reports what they found on patrol: the site is where their phone is, there is no caller
 * (the contact stage is a site check), the photo is kept with the report, and the number is
 * XC-yyyymmdd-nnnn. A report of an event already open joins it.
 *
 * Taking it at once: the reporter is already on site, so with `takeIt` they get the case themselves —
 * offered and accepted in one go — when they are on duty and free, their team answers the category,
 * and the category is dispatched automatically (a category that waits for an operator still waits).
 * Otherwise, and for a report that joins an open incident, dispatch decides as for any case.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, PatrolReportAnswer, SessionUser } from '@xiaonao/contracts';
import { CASE_NO_PREFIXES, DomainError, toWgs84, withinBounds } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { StepReceipts, stepKey, type StepKey } from '../../field/step-receipts';
import { Database } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { WorkerStore, type WorkerRow } from '../../workers/worker-store';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { OfferWriter } from '../dispatch/offer-writer';
import { IncidentStore } from '../incident-store';
import { TakeWorkerStep } from '../respond/worker-step.use-case';
import { IncidentCreator } from './incident-creator';
import type { PatrolReportDto } from './patrol-report.dto';
import { reportPhoto, type UploadedPhoto } from './report-photo';

@Injectable()
export class PatrolReport {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(OfferWriter) private readonly offers: OfferWriter,
    @Inject(TakeWorkerStep) private readonly steps: TakeWorkerStep,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
  ) {}

  /**
   * `key` is the phone's Idempotency-Key: a report queued offline and sent again (or twice at once)
   * makes one report, and the resend gets the first answer (`replayed`).
   */
  async run(user: SessionUser, req: PatrolReportDto, upload?: UploadedPhoto, key?: string): Promise<{ answer: PatrolReportAnswer; replayed: boolean }> {
    const worker = user.workerId ? await this.workers.find(this.db, user.workerId) : null;
    if (!worker || worker.township_id !== user.townshipId) throw new DomainError('FORBIDDEN', '只有网格员可以上报', 'Only workers report from patrol');
    const photo = reportPhoto(req.photo, upload);
    const k = key ? reportKey(worker.id, key, req, photo?.bytes ?? null) : undefined;
    const seen = k ? await this.receipts.answered<Partial<PatrolReportAnswer> & Pick<PatrolReportAnswer, 'caseNo' | 'linked' | 'incident'>>(k) : null;
    if (seen) return { answer: await this.again(seen.response, worker.id), replayed: true };
    const answer = await this.make(user, worker, req, photo, k);
    // The answer as it finally stands (taken or not), for a later resend.
    if (k && !answer.replayed) await this.receipts.save(this.db, k, answer.answer);
    return answer;
  }

  private async make(user: SessionUser, worker: WorkerRow, req: PatrolReportDto, photo: ReturnType<typeof reportPhoto>, k: StepKey | undefined): Promise<{ answer: PatrolReportAnswer; replayed: boolean }> {
    const coordSystem = req.position.coordSystem ?? 'WGS84';
    const site = toWgs84(req.position, coordSystem);
    const bounds = await this.townships.bounds(user.townshipId);
    if (bounds && !withinBounds(site, bounds)) {
      throw new DomainError('INVALID_INPUT', 'position：位置不在本街道范围内（定位是否准确、坐标系是否声明正确？）', 'position: outside the township (a bad fix, or the wrong coordinate system?)', 'position');
    }
    const takeIt = req.takeIt === true && (await this.mayTake(worker, req));
    const created = await this.creator.createNumbered(
      {
        townshipId: user.townshipId,
        source: 'patrol',
        receivedAt: this.clock.now(),
        callerName: '',
        callerPhone: '',
        address: req.address?.trim() ?? '',
        site,
        category: req.category,
        description: req.description,
        stationId: null,
        actor: `worker:${user.username}`,
        eventSource: 'phone',
        detail: {
          reporter: worker.name,
          photo: photo !== null,
          takeIt,
          coordSystem,
          ...(req.position.accuracyM === undefined ? {} : { accuracyM: req.position.accuracyM }),
          ...(req.deviceAt ? { deviceAt: new Date(req.deviceAt).toISOString() } : {}),
        },
        // Held from dispatch only for the moment it takes to hand it to the reporter.
        holdForOperator: takeIt,
      },
      CASE_NO_PREFIXES.patrol,
      { photo, stepKey: k },
    );
    const answer = { reportId: created.reportId ?? '', caseNo: created.caseNo, linked: created.linked, incident: created.incident };
    // A concurrent send of the same key got here second: the first one makes and hands over the case.
    if (created.duplicate) return { answer: await this.again(answer, worker.id), replayed: true };
    if (created.linked || !takeIt) return { answer: { ...answer, taken: false }, replayed: false };
    const taken = await this.handToReporter(user, worker, created.incident.id, req);
    return { answer: { ...answer, incident: taken ?? (await this.current(created.incident.id)) ?? created.incident, taken: taken !== null }, replayed: false };
  }

  /** A resend's answer: as the first send answered, the case as it stands now. */
  private async again(first: Partial<PatrolReportAnswer> & Pick<PatrolReportAnswer, 'caseNo' | 'linked' | 'incident'>, workerId: string): Promise<PatrolReportAnswer> {
    const incident = (await this.current(first.incident.id)) ?? first.incident;
    const taken = first.taken ?? (incident.worker?.id === workerId && incident.state !== 'offered' && incident.state !== 'received');
    return { reportId: first.reportId ?? '', caseNo: first.caseNo, linked: first.linked, incident, taken };
  }

  /** Whether the reporter could take the case at once, as far as can be told before it exists. */
  private async mayTake(worker: WorkerRow, req: PatrolReportDto): Promise<boolean> {
    const responsibility = await this.townships.responsibility(worker.township_id, req.category);
    const teamAnswers = responsibility.teams.length === 0 || responsibility.teams.includes(worker.team);
    return worker.on_duty && worker.status === 'available' && teamAnswers && responsibility.dispatchMode === 'auto' && !responsibility.policeOnly;
  }

  /**
   * The held case offered to the reporter and accepted by them; null when they were claimed by
   * another case meanwhile, and then the case is released to dispatch.
   */
  private async handToReporter(user: SessionUser, worker: WorkerRow, incidentId: string, req: PatrolReportDto): Promise<IncidentView | null> {
    const offered = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.state !== 'received' || !row.awaiting_confirmation) return false;
      await tx.query('UPDATE incident SET awaiting_confirmation = false WHERE id = $1', [incidentId]);
      if (!(await this.workers.claimForOffer(tx, worker.id))) return false;
      const facts = { distanceM: 0, actor: `worker:${user.username}`, type: 'offered' as const, detail: { selfReported: true } };
      await this.offers.write(tx, { ...row, awaiting_confirmation: false }, worker, facts, this.clock.now(), { selfTaken: true });
      return true;
    });
    if (!offered) {
      void this.offerNext.run(incidentId);
      return null;
    }
    // The report stands whatever happens here: an accept that fails leaves the offer on the reporter's phone.
    return this.steps.run({ user, incidentId, step: 'accept', position: req.position }).then((answer) => answer.incident, () => null);
  }

  private async current(incidentId: string): Promise<IncidentView | null> {
    const row = await this.incidents.find(this.db, incidentId);
    return row ? this.incidents.view(row) : null;
  }
}

/** The key of one patrol report tap: the same key must always carry the same report (the photo by its hash). */
function reportKey(workerId: string, key: string, req: PatrolReportDto, photo: Buffer | Uint8Array | null): StepKey {
  const photoSha = photo ? createHash('sha256').update(photo).digest('hex') : null;
  const { category, description, position, address, takeIt, deviceAt } = req;
  return stepKey(workerId, key, 'report', null, { category, description, position: { ...position }, address: address ?? null, takeIt: takeIt ?? null, deviceAt: deviceAt ?? null, photoSha });
}
