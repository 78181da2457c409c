/**
 * What a fault test drives and what it counts afterwards.
 *
 * - The 110 side (`IntakeSide`): sends each case to a hub and, on a 503 or a dropped connection, sends
 *   it again (to the next hub in its list) until one signs for it; a case counts as acknowledged once a
 *   hub answered 2xx. Every attempt's answer and time is kept (the 503s must come within a second).
 * - Simulated phones (`SimulatedPhone`): a worker's socket on one hub that, when the hub goes away,
 *   reconnects to another from the list, catches up on what it missed (`GET /api/me/missed`), picks up
 *   offers still standing, and goes on: accepts, calls (contact), arrives. Each step carries its
 *   idempotency key, so a step resent to another hub after a dropped answer is applied once.
 * - The ledger (`faultLedger`): acknowledged vs stored cases, cases with two owners, clock stages fired
 *   twice or never, events a socket missed. Every fault test ends with it.
 */
import { Client } from 'pg';
import { io } from 'socket.io-client';
import { API, IDEMPOTENCY_KEY_HEADER, type Intake110Request, type LoginResponse, type MissedEventsResponse, type OfferView, type SessionUser, type TownshipSeed } from '@xiaonao/contracts';
import { postCase, userOf, type HubSocket } from './clients';

const REQUEST_TIMEOUT_MS = 5_000;
/** How long a phone keeps resending a step before the test gives up on it. */
const STEP_PATIENCE_MS = 90_000;

/** Milliseconds since `since`. */
const elapsed = (since: number) => Date.now() - since;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the 110 side

export interface IntakeAttempt {
  caseNo: string;
  hub: string;
  /** The HTTP status, or 0 when the connection failed or timed out. */
  status: number;
  ms: number;
  at: number;
  /** The error code of a refusal (DATABASE_UNAVAILABLE), or the network error. */
  code: string | null;
  retryAfter: string | null;
}

export class IntakeSide {
  readonly attempts: IntakeAttempt[] = [];
  /** caseNo → incidentId, for every case a hub signed for. */
  readonly acknowledged = new Map<string, string>();
  /** Cases given up on (never acknowledged): the 110 side still holds them, so they are not lost. */
  readonly unacknowledged: string[] = [];

  constructor(
    private readonly urls: () => readonly string[],
    private readonly apiKey: string,
  ) {}

  /**
   * Sends one case until a hub signs for it or `patienceMs` is over, starting with hub `first`. A retry goes
   * to the next hub at once after a dropped connection, and after a short pause (the 503's Retry-After is
   * seconds; the test's 110 side is impatient on purpose) after a 503.
   */
  async send(body: Intake110Request, first = 0, patienceMs = 90_000): Promise<string | null> {
    const since = Date.now();
    for (let i = first; elapsed(since) < patienceMs; i++) {
      const urls = this.urls();
      const url = urls[i % urls.length];
      const started = Date.now();
      let status = 0;
      let code: string | null;
      let retryAfter: string | null = null;
      let incidentId: string | null = null;
      try {
        const res = await postCase(url, this.apiKey, body).timeout({ response: REQUEST_TIMEOUT_MS, deadline: REQUEST_TIMEOUT_MS });
        status = res.status;
        const header: unknown = res.headers['retry-after'];
        retryAfter = typeof header === 'string' ? header : null;
        const answer = res.body as { incidentId?: string; code?: string };
        code = answer.code ?? null;
        incidentId = answer.incidentId ?? null;
      } catch (error) {
        code = (error as { code?: string }).code ?? String(error);
      }
      this.attempts.push({ caseNo: body.caseNo, hub: url, status, ms: Date.now() - started, at: started, code, retryAfter });
      if (status >= 200 && status < 300 && incidentId) {
        this.acknowledged.set(body.caseNo, incidentId);
        return incidentId;
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new Error(`intake refused ${body.caseNo} on ${url}: ${status} ${code}`);
      // The test's 110 side is more impatient than Retry-After asks, to time many refusals; a dead hub is left at once.
      if (status !== 0) await pause(300);
    }
    this.unacknowledged.push(body.caseNo);
    return null;
  }
}

// ---------------------------------------------------------------- phones

interface Heard {
  event: string;
  payload: string;
  live: boolean;
}

export interface Reconnect {
  from: string;
  to: string;
  ms: number;
}

/** Simulated time a person takes: the call once accepted, the way to the place. */
export interface PhonePace {
  contactMs: () => number;
  travelMs: () => number;
}

/** Some arrive before the arrival warning (half the arrival deadline in the tests' clocks), some after it. */
export const brisk: PhonePace = { contactMs: () => 200 + Math.random() * 800, travelMs: () => 1_000 + Math.random() * 7_000 };

export class SimulatedPhone {
  socket: HubSocket | null = null;
  /** Index into the hub list of the hub the socket is on (or was last on). */
  hubIndex: number;
  token = '';
  workerId = '';
  /** The delivery log's position when the phone first connected: it must hear everything after. */
  startSeq = 0;
  lastSeq = 0;
  /** `${seq}:${event}` → what was heard, live or by catching up. */
  readonly heard = new Map<string, Heard>();
  /** Heard twice under one key (dropped by the event id, as the page does). */
  duplicatesDropped = 0;
  /** One key heard with two different payloads: an id reused, so dropping by it would lose news. */
  idReused = 0;
  readonly reconnects: Reconnect[] = [];
  readonly accepted = new Set<string>();
  readonly arrived = new Set<string>();
  readonly closed = new Set<string>();
  readonly refusals: string[] = [];
  private readonly working = new Set<string>();
  private stopped = false;
  private reconnecting: Promise<void> | null = null;

  constructor(
    readonly code: string,
    private readonly seed: TownshipSeed,
    private readonly urls: () => readonly string[],
    home: number,
    private readonly pace: PhonePace = brisk,
  ) {
    this.hubIndex = home;
  }

  get url(): string {
    return this.urls()[this.hubIndex];
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Signs in on its home hub, connects there and notes where the log stands. */
  async start(): Promise<void> {
    const user = userOf(this.seed, 'worker', this.code);
    const res = await fetch(this.url + API.login, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (res.status !== 200) throw new Error(`login of ${this.code} failed: ${res.status}`);
    const login = (await res.json()) as LoginResponse;
    this.token = login.token;
    this.workerId = (await this.get<SessionUser>(API.me)).workerId ?? '';
    if (!(await this.connect(this.hubIndex))) throw new Error(`${this.code} could not connect to ${this.url}`);
    const log = await this.get<MissedEventsResponse>(API.myMissed());
    this.startSeq = this.lastSeq = log.latestSeq;
  }

  stop(): void {
    this.stopped = true;
    this.socket?.disconnect();
  }

  /** One attempt to connect to hub `index`; true once connected and listening. */
  private connect(index: number): Promise<boolean> {
    const url = this.urls()[index];
    const socket: HubSocket = io(url, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 3_000 });
    socket.onAny((event: string, ...args: unknown[]) => this.hear(event, args));
    socket.on('offer.created', (offer) => {
      if (offer.workerId === this.workerId) void this.work(offer.incidentId);
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        this.socket = socket;
        this.hubIndex = index;
        socket.once('disconnect', (reason) => {
          if (!this.stopped && reason !== 'io client disconnect') this.reconnecting ??= this.reconnect(index).finally(() => (this.reconnecting = null));
        });
        resolve(true);
      });
      socket.once('connect_error', () => {
        socket.close();
        resolve(false);
      });
    });
  }

  /** Tries the other hubs in turn (its own last, it may come back) until one takes the socket; then catches up. */
  private async reconnect(lost: number): Promise<void> {
    const since = Date.now();
    const from = this.urls()[lost];
    for (let round = 0; !this.stopped; round++) {
      const n = this.urls().length;
      for (let step = 1; step <= n && !this.stopped; step++) {
        const index = (lost + step) % n;
        if (await this.connect(index)) {
          this.reconnects.push({ from, to: this.urls()[index], ms: elapsed(since) });
          await this.catchUp();
          return;
        }
      }
      await pause(Math.min(1_000, 100 * (round + 1)));
    }
  }

  /** What the page does after its socket was down: the log since the last event it heard, then the offers still standing. */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.get<MissedEventsResponse>(API.myMissed(this.lastSeq)).catch(() => null);
      if (!page) return;
      for (const e of page.events) this.record(e.seq, e.event, e.payload, false);
      if (!page.more || !page.events.length) break;
    }
    const offers = await this.get<OfferView[]>(API.myOffers).catch(() => []);
    for (const offer of offers) void this.work(offer.incidentId);
  }

  private hear(event: string, args: unknown[]): void {
    const meta = args[1] as { seq?: unknown } | undefined;
    if (typeof meta?.seq === 'number') this.record(meta.seq, event, args[0], true);
  }

  private record(seq: number, event: string, payload: unknown, live: boolean): void {
    const key = `${seq}:${event}`;
    const text = JSON.stringify(payload);
    const before = this.heard.get(key);
    if (before) {
      this.duplicatesDropped++;
      // A catch-up shows the page's own view; only two live deliveries under one id must be the same news.
      if (before.live && live && before.payload !== text) this.idReused++;
      return;
    }
    this.heard.set(key, { event, payload: text, live });
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /** Accept, then call the party, then arrive; each step resent until a hub answers it. */
  private async work(incidentId: string): Promise<void> {
    if (this.working.has(incidentId) || this.stopped) return;
    this.working.add(incidentId);
    if (!(await this.step('accept', incidentId))) return;
    this.accepted.add(incidentId);
    await pause(this.pace.contactMs());
    if (!(await this.step('contact', incidentId))) return;
    await pause(this.pace.travelMs());
    if (!(await this.step('arrive', incidentId))) return;
    this.arrived.add(incidentId);
    // Settled on the spot: the worker is free for the next case.
    if (await this.step('close', incidentId, { result: '双方已调解 / settled on the spot' })) this.closed.add(incidentId);
  }

  /** true once applied; false when refused (the case went to another, the offer lapsed). */
  private async step(name: 'accept' | 'contact' | 'arrive' | 'close', incidentId: string, body: Record<string, string> = {}): Promise<boolean> {
    const key = `${name}-${incidentId}`;
    const since = Date.now();
    while (!this.stopped && elapsed(since) < STEP_PATIENCE_MS) {
      const status = await this.send('POST', API[name](incidentId), body, key).catch(() => ({ status: 0, code: null }));
      if (status.status === 200 || status.status === 201) return true;
      if (status.status >= 400 && status.status < 500 && status.status !== 408 && status.status !== 429) {
        this.refusals.push(`${name} ${incidentId}: ${status.status} ${status.code}`);
        return false;
      }
      // A dropped answer or a 5xx: the phone keeps the step and sends it again, to whichever hub it is on now.
      await pause(200);
    }
    return false;
  }

  private async send(method: string, path: string, body: unknown, key?: string): Promise<{ status: number; code: string | null; body: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
    if (key) headers[IDEMPOTENCY_KEY_HEADER] = key;
    const res = await fetch(this.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const answer = (await res.json().catch(() => null)) as { code?: string } | null;
    return { status: res.status, code: answer?.code ?? null, body: answer };
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.send('GET', path, undefined);
    if (res.status !== 200) throw new Error(`GET ${path} on ${this.url}: ${res.status}`);
    return res.body as T;
  }

  /** Everything the hub says this phone should have heard since it first connected (`${seq}:${event}` keys). */
  async owed(): Promise<Set<string>> {
    const owed = new Set<string>();
    let after = this.startSeq;
    for (;;) {
      const page = await this.get<MissedEventsResponse>(API.myMissed(after));
      for (const e of page.events) owed.add(`${e.seq}:${e.event}`);
      if (!page.more || !page.events.length) return owed;
      after = page.events[page.events.length - 1].seq;
    }
  }
}

/** Twelve-ish phones spread over the hubs: phone i starts on hub i mod n. */
export async function startPhones(seed: TownshipSeed, urls: () => readonly string[], pace: PhonePace = brisk): Promise<SimulatedPhone[]> {
  const phones = seed.workers.map((w, i) => new SimulatedPhone(w.code, seed, urls, i % urls().length, pace));
  for (const phone of phones) await phone.start();
  return phones;
}

// ---------------------------------------------------------------- the ledger

/** The 1-3-8 stages (a closed case also gets a 回访 timer a day later, which no test waits for). */
const CLOCK_STAGES = ['accept', 'contact', 'arrive'];

/** 1-3-8 timers of these cases not judged yet: a test waits for none, every stage falls due within seconds. */
export async function unjudgedClockTimers(databaseUrl: string, incidentIds: readonly string[]): Promise<number> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM case_timer WHERE incident_id = ANY($1::uuid[]) AND stage = ANY($2::text[]) AND fired_at IS NULL', [incidentIds, CLOCK_STAGES]);
    return rows[0].n;
  } finally {
    await pg.end();
  }
}

export interface FaultLedger {
  acknowledged: number;
  stored: number;
  /** Acknowledged at intake, not in the database. */
  lost: string[];
  /** Cases with accepted offers of two workers, or two phones told 200 for one case. */
  doubleAssigned: string[];
  /** Clock stages (incident, stage, warn/breach) announced more than once, or announced though judged moot. */
  firedTwice: string[];
  /** Due timers never judged, or judged to fire but never announced. */
  firedNever: string[];
  timers: { fired: number; moot: number; byProcess: Record<string, number>; latenessP50Ms: number; latenessMaxMs: number };
  /** Events each socket should have heard and did not, even after catching up. */
  socketMissed: number;
  /** Of those owed, heard only by catching up (the socket was down when they went out). */
  recoveredByCatchUp: number;
  owed: number;
  duplicatesDropped: number;
  idReused: number;
}

/** Counts every fault test ends with; `incidentIds` are the test's cases (acknowledged or not). */
export async function faultLedger(databaseUrl: string, intake: IntakeSide, phones: readonly SimulatedPhone[]): Promise<FaultLedger> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const caseNos = [...intake.acknowledged.keys()];
    const { rows: stored } = await pg.query<{ case_no: string; id: string }>('SELECT case_no, id FROM incident WHERE case_no = ANY($1)', [caseNos]);
    const storedNos = new Set(stored.map((r) => r.case_no));
    const ids = stored.map((r) => r.id);

    const { rows: twoAccepted } = await pg.query<{ incident_id: string }>(
      `SELECT incident_id FROM offer WHERE outcome = 'accepted' AND incident_id = ANY($1::uuid[]) GROUP BY incident_id HAVING count(DISTINCT worker_id) > 1`,
      [ids],
    );
    const owners = new Map<string, number>();
    for (const phone of phones) for (const id of phone.accepted) owners.set(id, (owners.get(id) ?? 0) + 1);
    const doubleAssigned = [...new Set([...twoAccepted.map((r) => r.incident_id), ...[...owners].filter(([, n]) => n > 1).map(([id]) => id)])];

    // Per timer: how many times its stage was announced on the timeline.
    const { rows: timers } = await pg.query<{ incident_id: string; stage: string; kind: string; due: boolean; fired_at: Date | null; outcome: string | null; fired_by: string | null; lateness_ms: number | null; told: number }>(
      `SELECT t.incident_id, t.stage, t.kind, t.due_at <= clock_timestamp() AS due, t.fired_at, t.outcome, t.fired_by, t.lateness_ms,
              (SELECT count(*)::int FROM incident_event e WHERE e.incident_id = t.incident_id AND e.detail->>'stage' = t.stage
                 AND e.type = CASE t.kind WHEN 'warn' THEN 'clock_at_risk' ELSE 'clock_breached' END) AS told
       FROM case_timer t WHERE t.incident_id = ANY($1::uuid[]) AND t.stage = ANY($2::text[])`,
      [ids, CLOCK_STAGES],
    );
    const { rows: escalations } = await pg.query<{ incident_id: string; stage: string; n: number }>(
      `SELECT incident_id, detail->>'stage' AS stage, count(*)::int AS n FROM incident_event WHERE type = 'escalated' AND incident_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1`,
      [ids],
    );
    const name = (t: { incident_id: string; stage: string; kind: string }) => `${t.incident_id}/${t.stage}/${t.kind}`;
    const firedTwice = [...timers.filter((t) => t.told > (t.outcome === 'fired' ? 1 : 0)).map(name), ...escalations.map((e) => `${e.incident_id}/${e.stage}/escalated×${e.n}`)];
    const firedNever = timers.filter((t) => (t.due && t.fired_at === null) || (t.outcome === 'fired' && t.told === 0)).map(name);
    const byProcess: Record<string, number> = {};
    for (const t of timers) if (t.fired_by) byProcess[t.fired_by] = (byProcess[t.fired_by] ?? 0) + 1;
    const lateness = timers.filter((t) => t.outcome === 'fired').map((t) => t.lateness_ms ?? 0).sort((a, b) => a - b);

    let socketMissed = 0;
    let recovered = 0;
    let owedTotal = 0;
    for (const phone of phones) {
      const owed = await phone.owed();
      owedTotal += owed.size;
      for (const key of owed) {
        const heard = phone.heard.get(key);
        if (!heard) socketMissed++;
        else if (!heard.live) recovered++;
      }
    }
    return {
      acknowledged: caseNos.length,
      stored: storedNos.size,
      lost: caseNos.filter((no) => !storedNos.has(no)),
      doubleAssigned,
      firedTwice,
      firedNever,
      timers: {
        fired: timers.filter((t) => t.outcome === 'fired').length,
        moot: timers.filter((t) => t.outcome === 'moot').length,
        byProcess,
        latenessP50Ms: lateness[Math.floor(lateness.length / 2)] ?? 0,
        latenessMaxMs: lateness[lateness.length - 1] ?? 0,
      },
      socketMissed,
      recoveredByCatchUp: recovered,
      owed: owedTotal,
      duplicatesDropped: phones.reduce((n, p) => n + p.duplicatesDropped, 0),
      idReused: phones.reduce((n, p) => n + p.idReused, 0),
    };
  } finally {
    await pg.end();
  }
}

/** One line a person can read in the test's output. */
export function describeLedger(name: string, l: FaultLedger): string {
  return (
    `${name} ledger: acknowledged ${l.acknowledged}, stored ${l.stored}, lost ${l.lost.length}; double-assigned ${l.doubleAssigned.length}; ` +
    `stages fired twice ${l.firedTwice.length}, never ${l.firedNever.length} (timers fired ${l.timers.fired}, moot ${l.timers.moot}, by ${JSON.stringify(l.timers.byProcess)}, ` +
    `lateness p50 ${l.timers.latenessP50Ms} ms, max ${l.timers.latenessMaxMs} ms); socket events owed ${l.owed}, missed ${l.socketMissed}, ` +
    `recovered by catch-up ${l.recoveredByCatchUp}, duplicates dropped by id ${l.duplicatesDropped}, ids reused ${l.idReused}`
  );
}

/** What one consumer of a stream of identified messages saw: repeats it drops by id, repeats it cannot. */
export interface DuplicateCount {
  messages: number;
  /** The same message again under the same id: dropped by the id. */
  droppable: number;
  /** The same message under another id: the consumer takes it twice. */
  undroppable: number;
  /** One id on two different messages: dropping by it would lose one. */
  idReused: number;
}

export function duplicatesBy(messages: readonly { id: string; body: string }[]): DuplicateCount {
  const byId = new Map<string, string>();
  const idOf = new Map<string, string>();
  const count: DuplicateCount = { messages: messages.length, droppable: 0, undroppable: 0, idReused: 0 };
  for (const { id, body } of messages) {
    const before = byId.get(id);
    if (before !== undefined) {
      if (before === body) count.droppable++;
      else count.idReused++;
      continue;
    }
    byId.set(id, body);
    const other = idOf.get(body);
    if (other !== undefined && other !== id) count.undroppable++;
    else idOf.set(body, id);
  }
  return count;
}
