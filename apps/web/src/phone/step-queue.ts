/**
 * Every worker step waits here, in IndexedDB, until the hub has answered it: a tap is written to the
 * queue before it is sent, so a stairwell, a reload or a dead battery cannot lose it. Steps go out
 * strictly in the order they were tapped, one at a time, each with its own idempotency key: the hub
 * applies a key once and answers a repeat with the first answer, so resending after a lost answer is
 * safe. Workbox's BackgroundSync is deliberately not used: it replays only network failures, keeps no
 * order across kinds of request and has been seen to replay a POST twice; this queue decides per
 * answer (retry, drop with a message, or sign in again) and the keys make any resend harmless.
 */
import type { CallAttemptRequest, CloseRequest, DeclineRequest, PatrolReportRequest, PositionFix, StepRequest } from '@xiaonao/contracts';
import { ApiError } from '../shared/api-client';

interface StepCommon {
  /** Place in the queue, given by the store. */
  order: number;
  /** The Idempotency-Key: one per tap, kept across every resend. */
  key: string;
  workerId: string;
  /** When the worker tapped, in the hub's time as the phone reckons it. */
  deviceAt: string;
  /** The phone's last fix when the worker tapped. */
  position: PositionFix | null;
}

interface CaseCommon extends StepCommon {
  incidentId: string;
  caseNo: string;
}

export type QueuedStep =
  | (CaseCommon & { kind: 'accept'; offerId: string; body: StepRequest })
  | (CaseCommon & { kind: 'decline'; offerId: string; body: DeclineRequest })
  | (CaseCommon & { kind: 'call'; body: CallAttemptRequest & Pick<StepRequest, 'deviceAt'> })
  | (CaseCommon & { kind: 'contact' | 'arrive'; body: StepRequest })
  | (CaseCommon & { kind: 'close'; body: CloseRequest })
  | (StepCommon & { kind: 'report'; incidentId: null; caseNo: null; body: PatrolReportRequest; photo: Blob | null });

export type StepKind = QueuedStep['kind'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A step as the page hands it over; the queue adds its key, time and fix. */
export type NewStep = DistributiveOmit<QueuedStep, keyof StepCommon>;

/** Where the steps are kept (IndexedDB on the phone, memory in unit tests). */
export interface StepStore {
  /** This worker's steps, in queue order. */
  all(workerId: string): Promise<QueuedStep[]>;
  /** Stores a step and returns its place in the queue. */
  add(step: Omit<QueuedStep, 'order'> & { order?: number }): Promise<number>;
  remove(orders: number[]): Promise<void>;
}

/** Sends one step; throws ApiError as the API client does. */
export type StepSender = (step: QueuedStep) => Promise<unknown>;

export interface StepQueueHooks {
  /** The hub applied the step (or replayed its first answer). */
  onApplied(step: QueuedStep, response: unknown): void;
  /** The hub refused the step for good; `dropped` is it and the steps of the same case queued after it. */
  onRefused(step: QueuedStep, error: ApiError, dropped: QueuedStep[]): void;
  /** The session expired: the steps stay queued for the next sign-in. */
  onUnauthorized(): void;
  /** The queue's contents changed. */
  onChange(): void;
}

export interface StepQueueOptions {
  workerId: string;
  store: StepStore;
  send: StepSender;
  hooks: StepQueueHooks;
  /** The hub's time as the phone reckons it (ms). */
  now: () => number;
  position: () => PositionFix | undefined;
  /** First retry delay; doubles per failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export type Failure = 'retry' | 'unauthorized' | 'refused';

/**
 * What to do after a failed send. Only a lost connection or the hub being unwell (5xx, 408, 429) can
 * go better on a resend; any other 4xx — the codes of STEP_REFUSAL_CODES and anything unforeseen —
 * would be refused again, and keeping it would block every step behind it.
 */
export function classify(error: unknown): Failure {
  if (!(error instanceof ApiError)) return 'retry';
  if (error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429) return 'retry';
  if (error.status === 401) return 'unauthorized';
  return 'refused';
}

/** A random UUID; `crypto.randomUUID` exists only in secure contexts, so build one otherwise. */
export function newStepKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class StepQueue {
  private steps: QueuedStep[] = [];
  private draining = false;
  private drainAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: StepQueueOptions) {
    this.retryMs = options.retryMs ?? 2_000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  /** Reads what an earlier visit left queued. */
  async load(): Promise<void> {
    this.steps = await this.options.store.all(this.options.workerId);
    this.options.hooks.onChange();
  }

  /** Steps not yet confirmed, oldest first. */
  pending(): readonly QueuedStep[] {
    return this.steps;
  }

  /** Queued steps of one case. */
  pendingFor(incidentId: string): number {
    return this.steps.filter((s) => s.incidentId === incidentId).length;
  }

  /** Keeps the step (durably) first, then starts sending. */
  async enqueue(step: NewStep): Promise<QueuedStep> {
    const deviceAt = new Date(this.options.now()).toISOString();
    const position = this.options.position() ?? null;
    const common = { key: newStepKey(), workerId: this.options.workerId, deviceAt, position };
    const record = { ...step, ...common, body: withTimeAndFix(step, deviceAt, position) } as Omit<QueuedStep, 'order'>;
    const order = await this.options.store.add(record);
    const saved = { ...record, order } as QueuedStep;
    this.steps = [...this.steps, saved];
    this.options.hooks.onChange();
    this.drain();
    return saved;
  }

  /** Sends what is queued, now: on load, on every reconnect, after each tap and on the retry timer. */
  drain(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    void this.exclusively(() => this.drainLoop())
      .catch(() => this.scheduleRetry())
      .finally(() => {
        this.draining = false;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.drain();
        }
      });
  }

  /** Two tabs of the phone page share one queue: only one sends at a time (the keys cover the rest). */
  private exclusively(work: () => Promise<void>): Promise<void> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    return locks ? locks.request('xiaonao-step-queue', work) : work();
  }

  private async drainLoop(): Promise<void> {
    const { store, send, hooks, workerId } = this.options;
    for (;;) {
      this.steps = await store.all(workerId);
      const step = this.steps[0];
      if (!step) {
        this.failures = 0;
        hooks.onChange();
        return;
      }
      let response: unknown;
      try {
        response = await send(step);
      } catch (error) {
        const failure = classify(error);
        if (failure === 'retry') {
          this.scheduleRetry();
          return;
        }
        if (failure === 'unauthorized') {
          hooks.onUnauthorized();
          return;
        }
        // Later steps of the same case were taken on top of this one and cannot apply without it.
        const dropped = step.incidentId === null ? [step] : this.steps.filter((s) => s.incidentId === step.incidentId);
        await store.remove(dropped.map((s) => s.order));
        this.steps = this.steps.filter((s) => !dropped.includes(s));
        hooks.onRefused(step, error as ApiError, dropped);
        hooks.onChange();
        continue;
      }
      await store.remove([step.order]);
      this.steps = this.steps.filter((s) => s !== step);
      this.failures = 0;
      hooks.onApplied(step, response);
      hooks.onChange();
    }
  }

  /** Exponential backoff with jitter, so a township's phones do not all come back at once. */
  private scheduleRetry(): void {
    const base = Math.min(this.maxRetryMs, this.retryMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 16);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.drain(), base / 2 + Math.random() * (base / 2));
  }
}

/** The body as sent: the time of the tap and the fix, where the hub's request takes them. */
function withTimeAndFix(step: NewStep, deviceAt: string, position: PositionFix | null): NewStep['body'] {
  switch (step.kind) {
    case 'call':
      // A call carries its own start time as well; its request takes no position.
      return { ...step.body, deviceAt, startedAt: step.body.startedAt ?? deviceAt };
    case 'report':
      return step.body;
    case 'accept':
    case 'decline':
    case 'contact':
    case 'arrive':
    case 'close':
      return { ...step.body, deviceAt, ...(position ? { position } : {}) };
  }
}
