/**
 * The one way a case comes into being, whatever the door (110, camera, operator, patrol). Every
 * submission is kept as a report. A report close in place, time and category to an open incident of
 * its township joins it (linked) instead of making a case; otherwise the report opens a case: checked
 * against the responsibility table (police matters are refused back) and the township's bounds, placed
 * in its grid (from the gazetteer when the door gave only an address), given its 1-3-8 windows and
 * timers, announced, and handed to dispatch unless it waits for an operator. A door's number is taken
 * once per township: the same number again answers with the incident it made or joined.
 *
 * Top to bottom: the checks that read caches run (a resend they would now refuse answers as it did);
 * then ONE transaction writes the door's ledger entry (fingerprint, step key), the report, the case, its
 * timers and its news, or nothing — a report that may join a case under its number's lock; a case that
 * cannot join another in one statement whose report takes the number first (a resend, or a concurrent
 * send once the first commits, finds it taken and answers with what it made); only then is dispatch woken. The door has validated and normalised its own input.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, linkLockCells, linkSearchBox, linkTarget, mayLink, type CaseNoPrefix, type IncomingReport, type LinkRules } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { StepReceipts } from '../../field/step-receipts';
import { Database, type Sql } from '../../persistence/database';
import { GazetteerService } from '../../places/gazetteer.service';
import { OfferNext } from '../dispatch/offer-next.use-case';
import type { IncidentRow } from '../incident-row';
import { IncidentStore, type DispatchCaseRow } from '../incident-store';
import { CaseNumbers } from '../reports/case-numbers';
import { ReportStore, type ReportWrite } from '../reports/report-store';
import { TimerRunner } from '../timers/timer-runner';
import { placeByAddress } from './address-placement';
import { IntakeLedger } from './intake-ledger';
import { submittedColumns, type CreatedIncident, type NewIncident, type PreparedCase, type ReportExtras } from './new-case';
import { NewCaseWriter } from './new-case-writer';

/** Several numbers a door makes could already be taken by a 110 number written the same way; try a few more. */
const NUMBERING_ATTEMPTS = 5;

type Numbering = { kind: 'given'; caseNo: string } | { kind: 'numbered'; prefix: CaseNoPrefix };

@Injectable()
export class IncidentCreator {
  private readonly rules: LinkRules;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(NewCaseWriter) private readonly writer: NewCaseWriter,
    @Inject(ReportStore) private readonly reports: ReportStore,
    @Inject(CaseNumbers) private readonly numbers: CaseNumbers,
    @Inject(GazetteerService) private readonly gazetteer: GazetteerService,
    @Inject(TimerRunner) private readonly timerRunner: TimerRunner,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
    @Inject(IntakeLedger) private readonly ledger: IntakeLedger,
  ) {
    this.rules = { radiusM: config.reports.linkRadiusM, windowMs: config.reports.linkWindowSeconds * 1000 };
  }

  /** A report under the door's own number (110, camera). */
  create(n: NewIncident, extras: ReportExtras = {}): Promise<CreatedIncident> {
    return this.make(n, { kind: 'given', caseNo: n.caseNo }, extras);
  }

  /** A report numbered by the hub (operator ZH-…, patrol XC-…), inside the transaction: a refused report uses no number. */
  createNumbered(n: Omit<NewIncident, 'caseNo'>, prefix: CaseNoPrefix, extras: ReportExtras = {}): Promise<CreatedIncident> {
    return this.make({ ...n, caseNo: '' }, { kind: 'numbered', prefix }, extras);
  }

  private async make(n: NewIncident, numbering: Numbering, extras: ReportExtras): Promise<CreatedIncident> {
    const prepared = await this.prepare(n).catch(async (refusal: unknown) => {
      // A number sent again answers as the first time even where the checks would now refuse it (the
      // category became a police matter, the bounds moved); otherwise the number is looked up in the
      // transaction, under its lock, by the statement that would write the case.
      const again = numbering.kind === 'given' ? await this.already(this.db, n.townshipId, numbering.caseNo, extras) : null;
      if (again) return again;
      throw refusal;
    });
    if ('duplicate' in prepared) return prepared;
    let row: DispatchCaseRow | undefined;
    const outcome = await this.writeOnce(prepared, numbering, extras, (r) => (row = r)).catch(async (error: unknown) => {
      // Two sends of one number by different paths (one may join a case under the number's lock, the other
      // cannot and takes no lock) meet on the report's unique key: the later one answers as a resend.
      const again = numbering.kind === 'given' && isUniqueViolation(error) ? await this.already(this.db, n.townshipId, numbering.caseNo, extras) : null;
      if (again) return again;
      throw error;
    });
    this.announce(outcome, row);
    return outcome;
  }

  /**
   * The usual door case (its own number, nothing it could join, no tap key or photo) is one statement
   * and no transaction (NewCaseWriter.insertAlone); anything else, or what that cannot write alone, is
   * the transaction.
   */
  private async writeOnce(prepared: PreparedCase, numbering: Numbering, extras: ReportExtras, written: (row: DispatchCaseRow) => void): Promise<CreatedIncident> {
    if (numbering.kind === 'given' && !extras.stepKey && !extras.photo && !mayLink(linkable(prepared), this.rules)) {
      const { caseNo } = numbering;
      const made = await this.writer.insertAlone(this.db, prepared, caseNo, reportOf(prepared, caseNo, null), extras.fingerprint);
      if (made === null) return this.taken(this.db, prepared.n.townshipId, caseNo, extras);
      if (made === 'apart') return this.db.transaction((tx) => this.write(tx, prepared, numbering, extras));
      written(made.row);
      return { duplicate: false, linked: false, reportId: made.reportId, caseNo, incident: made.incident };
    }
    return this.db.transaction((tx) => this.write(tx, prepared, numbering, extras));
  }

  /**
   * For a door that writes its own ledger in a transaction of its own making (camera alerts, counted
   * on their storm in batches): the case under the door's number, in that transaction. Prepare first,
   * outside it; announce after it commits.
   */
  writeGiven(tx: Sql, prepared: PreparedCase, caseNo: string, extras: ReportExtras = {}): Promise<CreatedIncident> {
    return this.write(tx, prepared, { kind: 'given', caseNo }, extras);
  }

  /** The checks that read the township's caches and the gazetteer, before any transaction. */
  async prepare(n: Omit<NewIncident, 'caseNo'>): Promise<PreparedCase> {
    const placed = n.site ? { site: n.site, placement: null } : await placeByAddress(this.gazetteer, n.townshipId, n.address);
    return this.writer.prepare({ ...n, site: placed.site }, placed.placement);
  }

  /** Every row of the submission, in the caller's transaction: all of them or none. */
  private async write(tx: Sql, prepared: PreparedCase, numbering: Numbering, extras: ReportExtras): Promise<CreatedIncident> {
    const townshipId = prepared.n.townshipId;
    // A resend of the same tap waits here for the first one, then answers as it did.
    const replay = extras.stepKey ? await this.receipts.claim<CreatedIncident>(tx, extras.stepKey) : null;
    if (replay) return { ...replay.response, duplicate: true };
    const caseNo = numbering.kind === 'given' ? numbering.caseNo : await this.freshNumber(tx, townshipId, numbering.prefix, prepared.n.receivedAt);
    if (numbering.kind === 'given' && mayLink(linkable(prepared), this.rules)) {
      // Concurrent sends of one number that may join a case wait here for each other; the first one's rows
      // decide. Looked up before looking for an event to join (which would find the number's own case).
      await this.lock(tx, `case:${townshipId}:${caseNo}`);
      const again = await this.already(tx, townshipId, caseNo, extras);
      if (again) return again;
    }
    // A case that cannot join another takes its number in the statement that writes it (open): a concurrent
    // send of the number waits there on the report's unique key, then finds the first one's rows.
    const target = await this.openIncidentOfSameEvent(tx, prepared);
    const made = target ? await this.link(tx, prepared, caseNo, target.row, target.distanceM, extras) : await this.open(tx, prepared, caseNo, extras);
    if (extras.stepKey) await this.receipts.save(tx, extras.stepKey, made);
    return made;
  }

  /** After the commit: the relay publishes the news, a new case's clocks and dispatch start. */
  /** `row`: the case as its statement read it back, when it was written alone (dispatch starts from it). */
  announce(outcome: CreatedIncident, row?: DispatchCaseRow): void {
    if (outcome.duplicate) return;
    const { incident } = outcome;
    if (!outcome.linked) {
      this.metrics.incidentsReceived.inc({ source: incident.source });
      this.timerRunner.kick();
    }
    // A case going to dispatch has its news relayed with its offer's, a few milliseconds later, in one
    // pass of the relay instead of two (dispatch kicks the relay however it ends).
    if (outcome.linked || incident.awaitingConfirmation) this.outbox.kick();
    else void this.offerNext.run(incident.id, { townshipId: incident.townshipId, category: incident.category, row });
  }

  /** The open incident this report is one more report of, locked; null when it should open a case. */
  private async openIncidentOfSameEvent(tx: Sql, p: PreparedCase): Promise<{ row: IncidentRow; distanceM: number } | null> {
    const report = linkable(p);
    if (!mayLink(report, this.rules)) return null;
    // One decision at a time per township, category and place: three callers at once make one case, not
    // three; reports in other parts of the township decide meanwhile (linkLockCells).
    const cells = linkLockCells(p.n.site, this.rules.radiusM).map((cell) => `link:${p.n.townshipId}:${p.n.category}:${cell}`);
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS sorted', [cells]);
    const candidates = await this.reports.linkCandidates(tx, p.n.townshipId, p.n.category, linkSearchBox(p.n.site, this.rules.radiusM));
    const choice = linkTarget(report, candidates, this.rules);
    if (!choice) return null;
    const row = await this.incidents.find(tx, choice.incidentId, true);
    // Closed between the look and the lock: the report opens a case after all.
    if (!row || row.state === 'closed') return null;
    return { row, distanceM: choice.distanceM };
  }

  private async link(tx: Sql, p: PreparedCase, caseNo: string, row: IncidentRow, distanceM: number, extras: ReportExtras): Promise<CreatedIncident> {
    const now = this.clock.now();
    const reportId = await this.addReport(tx, p, caseNo, row.id, distanceM, extras);
    await this.incidents.record(tx, {
      incidentId: row.id,
      townshipId: row.township_id,
      type: 'report_linked',
      at: now,
      actor: p.n.actor,
      source: p.n.eventSource,
      location: p.n.site,
      detail: { reportId, caseNo, reportSource: p.n.source, receivedAt: p.n.receivedAt.toISOString(), distanceM, ...p.n.detail },
    });
    // A 110 report joining a case no station handed over lets its station follow the case (one station per case).
    await tx.query('UPDATE incident SET updated_at = $2, station_id = COALESCE(station_id, $3) WHERE id = $1', [row.id, now, p.n.stationId]);
    const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
    await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
    return { duplicate: false, linked: true, reportId, caseNo, incident };
  }

  /** The case and the report carrying its number in one statement; a number already taken answers as it was. */
  private async open(tx: Sql, p: PreparedCase, caseNo: string, extras: ReportExtras): Promise<CreatedIncident> {
    const made = await this.writer.insertWithReport(tx, p, caseNo, reportOf(p, caseNo, null), extras.fingerprint);
    if (!made) return this.taken(tx, p.n.townshipId, caseNo, extras);
    if (extras.photo) await this.reports.insertPhoto(tx, made.reportId, p.n.townshipId, extras.photo);
    return { duplicate: false, linked: false, reportId: made.reportId, caseNo, incident: made.incident };
  }

  private async addReport(tx: Sql, p: PreparedCase, caseNo: string, incidentId: string, distanceM: number | null, extras: ReportExtras): Promise<string> {
    const reportId = await this.reports.insert(tx, { ...reportOf(p, caseNo, distanceM), incident_id: incidentId });
    if (extras.photo) await this.reports.insertPhoto(tx, reportId, p.n.townshipId, extras.photo);
    if (extras.fingerprint) await this.ledger.remember(tx, p.n.townshipId, caseNo, incidentId, extras.fingerprint);
    return reportId;
  }

  /**
   * A number the case's statement found taken, once the one who took it committed: a report's (a resend,
   * or a report that joined a case) or, failing that, an incident's made outside IncidentCreator.
   */
  private async taken(sql: Sql, townshipId: string, caseNo: string, extras: ReportExtras): Promise<CreatedIncident> {
    const again = await this.already(sql, townshipId, caseNo, extras);
    if (again) return again;
    throw new DomainError('DUPLICATE_CONFLICT', `caseNo：编号「${caseNo}」已被占用`, `caseNo: ${caseNo} is taken`, 'caseNo');
  }

  /** The next number of the door that no report or case holds yet. */
  private async freshNumber(tx: Sql, townshipId: string, prefix: CaseNoPrefix, at: Date): Promise<string> {
    for (let attempt = 0; attempt < NUMBERING_ATTEMPTS; attempt++) {
      const caseNo = await this.numbers.next(tx, townshipId, prefix, at);
      if (!(await this.reports.known(tx, townshipId, caseNo))) return caseNo;
    }
    throw new Error(`no free ${prefix} case number after ${NUMBERING_ATTEMPTS} attempts`);
  }

  /** The incident a number already made or joined, with what the door first took it with; null: the number is free. */
  private async already(sql: Sql, townshipId: string, caseNo: string, extras: ReportExtras): Promise<CreatedIncident | null> {
    const known = await this.reports.known(sql, townshipId, caseNo);
    if (!known) return null;
    const row = await this.incidents.find(sql, known.incident_id);
    if (!row) throw new Error(`incident ${known.incident_id} vanished`);
    const stored = extras.fingerprint ? await this.ledger.stored(sql, townshipId, caseNo) : undefined;
    return { duplicate: true, linked: known.report_id !== null && row.case_no !== caseNo, reportId: known.report_id, caseNo, incident: this.incidents.view(row), stored };
  }

  /** A lock held until the transaction ends; other transactions asking for the same key wait. */
  private async lock(tx: Sql, key: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}

/** PostgreSQL's unique_violation, as the driver reports it. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return code === '23505' || driverError?.code === '23505';
}

/** What the link rule reads of a report. */
function linkable(p: PreparedCase): IncomingReport {
  return { category: p.n.category, site: p.n.site, receivedAt: p.n.receivedAt, pointUncertain: p.placement?.needsConfirmation === true };
}

/** The report row of a submission: the origin of its case, or linked `distanceM` from the case it joined. */
function reportOf(p: PreparedCase, caseNo: string, distanceM: number | null): Omit<ReportWrite, 'incident_id'> {
  const { n, placement } = p;
  return {
    ...submittedColumns(n),
    case_no: caseNo,
    role: distanceM === null ? 'origin' : 'linked',
    station_id: n.stationId,
    actor: n.actor,
    event_source: n.eventSource,
    placement_confidence: placement?.confidence ?? null,
    placement_name: placement?.placeName ?? null,
    distance_m: distanceM,
    detail: n.detail,
    integration_id: n.integrationId ?? null,
  };
}
