/**
 * One simulated worker's phone: signs in, listens for offers on its socket, answers them, and walks a
 * case through contact, arrival and closing with a position on every step. Every request may fail;
 * a failure is logged and the agent carries on (or lets the case go), it never throws.
 */
import {
  API,
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type CloseRequest,
  type DeclineRequest,
  type IncidentView,
  type LoginResponse,
  type OfferView,
  type OfferWithdrawn,
  type PositionFix,
  type ServerToClientEvents,
  type StepRequest,
} from '@xiaonao/contracts';
import { io, type Socket } from 'socket.io-client';
import { closingResult } from '../township/case-templates';
import type { Random } from '../township/random';
import { describeFailure, type HubClient, type HubResult } from './hub-client';
import { answerDelayMs, DECLINE_REASON, decideOffer, inRange } from './responder-policy';
import { acceptedTask, MAX_STEP_FAILURES, readyToArrive, taskFor, type ResponseTask, type TaskStage } from './response-task';
import type { SimWorker } from './roster';
import type { ResolvedOptions } from './simulator-options';
import type { SimulatorStats } from './simulator-stats';
import type { Timers } from './timers';

export interface AgentContext {
  client: HubClient;
  options: ResolvedOptions;
  timers: Timers;
  random: Random;
  stats: SimulatorStats;
  /** The worker's reported position: the true one with GPS noise. */
  fix(worker: SimWorker): PositionFix;
}

type Step = 'contact' | 'arrive' | 'close';

const STAGE_AFTER: Record<Step, TaskStage | 'closed'> = { contact: 'contacted', arrive: 'arrived', close: 'closed' };
const STEP_LABEL: Record<Step, string> = { contact: 'contacted the caller on', arrive: 'arrived at', close: 'closed' };

/** Waits before retrying after the hub was unreachable or refused a sign-in. */
const LOGIN_RETRY_MS = 30_000;
const STEP_RETRY_MS = 5_000;
/** Offer ids remembered so a re-fetch after reconnecting does not answer twice; old ones are forgotten. */
const MAX_REMEMBERED_OFFERS = 500;

type WorkerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function looksLikeIncident(value: unknown): value is IncidentView {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && 'state' in value;
}

/** The access token is renewed this long before it expires (a third of its life if shorter), so the socket never closes for it. */
const RENEW_BEFORE_MS = 60_000;

export class WorkerAgent {
  private token: string | null = null;
  private refreshToken: string | null = null;
  private cancelRenewal: (() => void) | null = null;
  private socket: WorkerSocket | null = null;
  private readonly seenOffers = new Set<string>();
  private readonly pendingAnswers = new Map<string, () => void>();
  /** Incidents whose accept is in flight: their upserts must not be adopted as a second task. */
  private readonly accepting = new Set<string>();
  private reportedSocketError = false;

  constructor(
    private readonly worker: SimWorker & { account: NonNullable<SimWorker['account']> },
    private readonly ctx: AgentContext,
  ) {}

  private get label(): string {
    return `${this.worker.name}(${this.worker.account.username})`;
  }

  private log(line: string): void {
    this.ctx.options.log(`${this.label} ${line}`);
  }

  /** Signs in, picks up a case already in hand, and opens the socket; retries later when the hub refuses. */
  async start(activeIncidentId: string | null): Promise<void> {
    if (!(await this.login())) {
      this.ctx.timers.after(LOGIN_RETRY_MS, () => void this.start(activeIncidentId));
      return;
    }
    this.ctx.stats.signedIn += 1;
    if (activeIncidentId) await this.resume(activeIncidentId);
    // stop() may have come while signing in; a socket opened now would outlive the simulator.
    if (!this.ctx.timers.isStopped) this.openSocket();
  }

  stop(): void {
    this.cancelRenewal?.();
    for (const cancel of this.pendingAnswers.values()) cancel();
    this.pendingAnswers.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Called after each movement tick: report arrival once the worker is close enough. */
  checkArrival(): void {
    const { task } = this.worker;
    if (task && readyToArrive(task, this.worker.position, this.ctx.options.arriveWithinM)) {
      task.busy = true;
      void this.step('arrive', task);
    }
  }

  private async login(): Promise<boolean> {
    const result = await this.ctx.client.post<LoginResponse>(API.login, this.worker.account, {});
    if (!result.ok) {
      this.failed('could not sign in', result);
      return false;
    }
    this.keepSession(result.body);
    if (result.body.user.workerId && result.body.user.workerId !== this.worker.id) {
      this.log(`signs in as worker ${result.body.user.workerId}, but the hub lists it as ${this.worker.id}; answering as the account says`);
      this.worker.id = result.body.user.workerId;
    }
    return true;
  }

  /** Keeps the session's tokens and renews the access token (and the socket's) before it expires. */
  private keepSession(session: LoginResponse): void {
    this.token = session.token;
    // A hub (or a test's stand-in) that hands out no refresh token gets a fresh sign-in instead.
    this.refreshToken = typeof session.refreshToken === 'string' ? session.refreshToken : null;
    this.cancelRenewal?.();
    this.cancelRenewal = null;
    // Timed from now by `expiresIn`, whatever this machine's clock says.
    const lifetimeMs = typeof session.expiresIn === 'number' ? session.expiresIn * 1000 : Number.NaN;
    if (!Number.isFinite(lifetimeMs)) return;
    this.cancelRenewal = this.ctx.timers.after(Math.max(1_000, lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 3)), () => {
      void this.renew().then((ok) => {
        if (ok && this.socket?.connected) this.socket.emit(SOCKET_EVENTS.sessionRenew, { token: this.token ?? '' }, () => undefined);
      });
    });
  }

  /** The next access token from the refresh token, else a fresh sign-in. */
  private async renew(): Promise<boolean> {
    if (this.refreshToken) {
      const result = await this.ctx.client.post<LoginResponse>(API.refresh, { refreshToken: this.refreshToken }, {});
      if (result.ok) {
        this.keepSession(result.body);
        return true;
      }
    }
    return this.login();
  }

  /** A REST call with the worker's token; an expired token is renewed once. */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HubResult<T>> {
    const send = () =>
      method === 'GET' ? this.ctx.client.get<T>(path, { token: this.token ?? '' }) : this.ctx.client.post<T>(path, body, { token: this.token ?? '' });
    const first = await send();
    if (first.ok || first.status !== 401 || !(await this.renew())) return first;
    return send();
  }

  private openSocket(): void {
    const socket: WorkerSocket = io(this.ctx.options.hubUrl, {
      // A function, so a reconnect after re-signing in presents the new token.
      auth: (cb) => cb({ token: this.token ?? '' }),
      transports: ['websocket'],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.reportedSocketError = false;
      // Offers made while the socket was down are only in the list, not in the event stream.
      void this.fetchOffers();
    });
    // The hub closes a socket whose session ended (after `session.ended`) and socket.io does not retry
    // a close the server chose: renew the session, then reconnect.
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect' || this.socket !== socket) return;
      this.ctx.timers.after(STEP_RETRY_MS / 5, () => void this.renew().then(() => this.socket === socket && socket.connect()));
    });
    socket.on('connect_error', (error) => {
      if (!this.reportedSocketError) this.log(`socket cannot connect: ${error.message}`);
      this.reportedSocketError = true;
      // socket.io retries by itself unless the hub refused the handshake (say, a stale token): sign in again, then retry.
      if (!socket.active) {
        this.ctx.timers.after(STEP_RETRY_MS, () => void this.renew().then(() => this.socket === socket && socket.connect()));
      }
    });
    socket.on(SOCKET_EVENTS.offerCreated, (offer) => this.onOffer(offer));
    socket.on(SOCKET_EVENTS.offerWithdrawn, (withdrawn) => this.onWithdrawn(withdrawn));
    socket.on(SOCKET_EVENTS.incidentUpserted, (incident) => this.onIncident(incident));
  }

  private async fetchOffers(): Promise<void> {
    const result = await this.call<OfferView[]>('GET', API.myOffers);
    if (!result.ok) return this.failed('could not list offers', result);
    for (const offer of result.body) this.onOffer(offer);
  }

  private onOffer(offer: OfferView): void {
    if (this.seenOffers.has(offer.offerId)) return;
    if (this.seenOffers.size >= MAX_REMEMBERED_OFFERS) this.seenOffers.clear();
    this.seenOffers.add(offer.offerId);
    this.ctx.stats.offersReceived += 1;
    const delayMs = answerDelayMs(this.ctx.options.answerDelayMs, this.ctx.random);
    const cancel = this.ctx.timers.after(delayMs, () => {
      this.pendingAnswers.delete(offer.offerId);
      void this.answer(offer, delayMs);
    });
    this.pendingAnswers.set(offer.offerId, cancel);
  }

  private onWithdrawn(withdrawn: OfferWithdrawn): void {
    const cancel = this.pendingAnswers.get(withdrawn.offerId);
    if (!cancel) return;
    cancel();
    this.pendingAnswers.delete(withdrawn.offerId);
    this.log(`lost the offer for ${withdrawn.incidentId} before answering (${withdrawn.reason})`);
  }

  private async answer(offer: OfferView, delayMs: number): Promise<void> {
    const { caseNo } = offer.incident;
    const seconds = (delayMs / 1000).toFixed(1);
    // Someone already on a case, or off duty, turns new work down whatever the dice say.
    const busy = this.worker.task !== null || !this.worker.onDuty;
    if (busy || decideOffer(this.ctx.options.declineProbability, this.ctx.random) === 'decline') {
      const body: DeclineRequest = { reason: DECLINE_REASON, position: this.ctx.fix(this.worker) };
      const result = await this.call<unknown>('POST', API.decline(offer.incidentId), body);
      if (!result.ok) return this.failed(`could not decline ${caseNo}`, result);
      this.ctx.stats.declined += 1;
      return this.log(`declined ${caseNo} after ${seconds} s: ${DECLINE_REASON}`);
    }
    this.accepting.add(offer.incidentId);
    const body: StepRequest = { position: this.ctx.fix(this.worker) };
    const result = await this.call<unknown>('POST', API.accept(offer.incidentId), body);
    this.accepting.delete(offer.incidentId);
    if (!result.ok) return this.failed(`could not accept ${caseNo}`, result);
    this.ctx.stats.accepted += 1;
    const task = acceptedTask(looksLikeIncident(result.body) ? result.body : offer.incident, this.worker.position, this.ctx.options.ebikeBeyondM);
    this.log(`accepted ${caseNo} after ${seconds} s, ${offer.distanceM === null ? '?' : Math.round(offer.distanceM)} m away, going by ${task.mode}`);
    if (this.worker.task?.incidentId !== task.incidentId) {
      this.worker.task = task;
      this.proceed(task);
    }
  }

  /** Keeps the local task in line with what the hub says about it. */
  private onIncident(incident: IncidentView): void {
    const { task } = this.worker;
    if (task && task.incidentId === incident.id) {
      if (incident.worker?.id !== this.worker.id) {
        this.worker.task = null;
        this.log(`no longer holds ${incident.caseNo}: the command room gave it to ${incident.worker?.name ?? 'nobody'}`);
      } else if (incident.state === 'closed' && !task.busy) {
        this.worker.task = null;
        this.log(`${incident.caseNo} was closed by the command room`);
      }
      return;
    }
    if (task || this.accepting.has(incident.id)) return;
    const assigned = taskFor(incident, this.worker.id, this.worker.position, this.ctx.options.ebikeBeyondM);
    if (assigned) {
      this.worker.task = assigned;
      this.log(`picked up ${incident.caseNo}, handed over by the command room`);
      this.proceed(assigned);
    }
  }

  /** After a restart: carry on with the case the hub says this worker holds. */
  private async resume(incidentId: string): Promise<void> {
    const result = await this.call<IncidentView>('GET', API.incident(incidentId));
    if (!result.ok) return this.failed(`could not load its case ${incidentId}`, result);
    const task = taskFor(result.body, this.worker.id, this.worker.position, this.ctx.options.ebikeBeyondM);
    if (!task) return;
    this.worker.task = task;
    this.log(`resumes ${task.caseNo} (${task.stage})`);
    this.proceed(task);
  }

  /** Schedules whatever the task's stage calls for next; arrival is driven by movement instead. */
  private proceed(task: ResponseTask): void {
    const { options, timers, random } = this.ctx;
    switch (task.stage) {
      case 'accepted':
        task.busy = true;
        timers.after(inRange(options.contactDelayMs, random), () => void this.step('contact', task));
        return;
      case 'contacted':
        task.busy = false;
        return;
      case 'arrived':
        task.busy = true;
        timers.after(inRange(options.onSiteMs, random), () => void this.step('close', task));
        return;
    }
  }

  private async step(step: Step, task: ResponseTask): Promise<void> {
    if (this.worker.task !== task) return;
    const position = this.ctx.fix(this.worker);
    const body: StepRequest | CloseRequest =
      step === 'close' ? { position, result: closingResult(task.category, task.description, this.ctx.random) } : { position };
    const path = step === 'contact' ? API.contact(task.incidentId) : step === 'arrive' ? API.arrive(task.incidentId) : API.close(task.incidentId);
    const result = await this.call<unknown>('POST', path, body);
    if (result.ok) {
      this.ctx.stats[step === 'contact' ? 'contacted' : step === 'arrive' ? 'arrived' : 'closed'] += 1;
      this.log(`${STEP_LABEL[step]} ${task.caseNo}${step === 'close' ? `: ${(body as CloseRequest).result}` : ''}`);
      if (this.worker.task !== task) return;
      task.failures = 0;
      const next = STAGE_AFTER[step];
      if (next === 'closed') {
        this.worker.task = null;
        return;
      }
      task.stage = next;
      this.proceed(task);
      return;
    }
    this.failed(`could not ${step} ${task.caseNo}`, result);
    if (this.worker.task !== task) return;
    task.failures += 1;
    if (task.failures >= MAX_STEP_FAILURES) {
      this.worker.task = null;
      this.log(`lets ${task.caseNo} go after ${task.failures} failed requests`);
      return;
    }
    // A refusal means our idea of the case is stale; an outage means try again in a moment.
    if (result.status >= 400 && result.status < 500) await this.resync(task);
    else this.ctx.timers.after(STEP_RETRY_MS, () => this.proceedOrArrive(task));
  }

  private proceedOrArrive(task: ResponseTask): void {
    if (this.worker.task !== task) return;
    if (task.stage === 'contacted') task.busy = false;
    else this.retry(task);
  }

  /** Repeats the step the task is waiting for, without the human-like delay. */
  private retry(task: ResponseTask): void {
    void this.step(task.stage === 'accepted' ? 'contact' : 'close', task);
  }

  private async resync(task: ResponseTask): Promise<void> {
    const result = await this.call<IncidentView>('GET', API.incident(task.incidentId));
    if (this.worker.task !== task) return;
    if (!result.ok) {
      this.failed(`could not reload ${task.caseNo}`, result);
      this.ctx.timers.after(STEP_RETRY_MS, () => this.proceedOrArrive(task));
      return;
    }
    const fresh = taskFor(result.body, this.worker.id, this.worker.position, this.ctx.options.ebikeBeyondM);
    if (!fresh) {
      this.worker.task = null;
      this.log(`lets ${task.caseNo} go: it is ${result.body.state} and held by ${result.body.worker?.name ?? 'nobody'}`);
      return;
    }
    task.stage = fresh.stage;
    this.ctx.timers.after(STEP_RETRY_MS, () => this.proceedOrArrive(task));
  }

  private failed(what: string, result: { status: number; code: string; message: string }): void {
    // Requests cut short by stop() are not failures worth a line.
    if (this.ctx.timers.isStopped) return;
    this.ctx.stats.failedRequests += 1;
    this.log(`${what}: ${describeFailure(result)}`);
  }
}
