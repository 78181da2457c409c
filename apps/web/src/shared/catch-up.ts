/**
 * Catch-up after a drop. Every socket event the hub logs comes with `meta.seq`; the page keeps the
 * highest it has handled (in localStorage, per page and user, so a reload offline still knows where it
 * was) and, on every (re)connect, asks `GET /api/me/missed?after=<seq>` for what it missed, page by
 * page, and feeds each event through the same handlers as live ones. Live events arriving meanwhile
 * wait until the missed ones are in, so a case never steps back; seqs already handled are skipped.
 * When the log no longer reaches back that far the page reloads its state from REST instead.
 */
import {
  API,
  CLOCK_STAGE_LABELS,
  CLOCK_STATUS_LABELS,
  type ClockAlert,
  type DeliveryMeta,
  type MissedEvent,
  type MissedEventsResponse,
} from '@xiaonao/contracts';
import { ApiError, type ApiClient } from './api-client';
import { h } from './dom';
import { formatTime } from './format-time';
import { label, onLocaleChange, t } from './i18n';
import type { HubSocket } from './socket';

type LoggedEvent = MissedEvent['event'];
type Payload<E extends LoggedEvent> = Extract<MissedEvent, { event: E }>['payload'];

/** Handlers per event; `missed` is true for an event delivered by catch-up rather than live. */
export type CatchUpHandlers = { [E in LoggedEvent]?: (payload: Payload<E>, missed: boolean) => void };

export interface CatchUpOptions {
  page: 'phone' | 'console' | 'station';
  userId: string;
  api: ApiClient;
  socket: HubSocket;
  handlers: CatchUpHandlers;
  /** Loads the page's whole state from REST (as at start). */
  reload: () => Promise<void>;
}

/** Seqs remembered for de-duplication; far more than one catch-up brings. */
const SEEN_LIMIT = 2_000;

export class CatchUp {
  private highest: number | null;
  private readonly seen = new Set<number>();
  private catching = false;
  private held: { seq: number; run: () => void }[] = [];
  private readonly storageKey: string;
  /** The hub answers catch-up (an older hub does not: then every reconnect reloads). */
  private supported = true;
  /** Start and catch-ups run one after the other: a connect during start waits for its starting point. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: CatchUpOptions) {
    this.storageKey = `xiaonao.seq.${options.page}.${options.userId}`;
    const stored = Number(localStorage.getItem(this.storageKey));
    this.highest = Number.isSafeInteger(stored) && stored > 0 ? stored : null;
    for (const event of Object.keys(options.handlers) as LoggedEvent[]) this.listen(event);
  }

  /**
   * At page load: the starting point, then the page's state. Offline, the stored seq stays the
   * starting point, so the first connect brings what happened meanwhile.
   */
  start(): Promise<void> {
    return this.serially(() => this.begin());
  }

  /** After every (re)connect, the first one included: fetch what was sent while the socket was down. */
  reconnected(): Promise<void> {
    return this.serially(() => this.fetchMissed());
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async begin(): Promise<void> {
    this.catching = true;
    try {
      const head = await this.options.api.get<MissedEventsResponse>(API.myMissed());
      this.mark(head.latestSeq);
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) this.supported = false;
    }
    try {
      await this.options.reload();
    } finally {
      this.release();
    }
  }

  private async fetchMissed(): Promise<void> {
    if (!this.supported) return this.options.reload();
    // No starting point yet (the page loaded offline, never online before): start as at page load.
    if (this.highest === null) return this.begin();
    this.catching = true;
    try {
      let after = this.highest;
      for (;;) {
        const page = await this.options.api.get<MissedEventsResponse>(API.myMissed(after));
        if (!page.complete) {
          await this.options.reload();
          this.mark(page.latestSeq);
          return;
        }
        for (const event of page.events) this.deliver(event, true);
        const last = page.events.at(-1);
        if (!page.more || !last) return;
        after = last.seq;
      }
    } catch (error) {
      // A hub without the log: reload as pages did before it. A network failure: the next connect retries.
      if (error instanceof ApiError && error.status !== 0 && error.status !== 401) {
        this.supported = false;
        await this.options.reload();
      }
    } finally {
      this.release();
    }
  }

  private listen<E extends LoggedEvent>(event: E): void {
    const socket = this.options.socket as unknown as { on(name: E, listener: (payload: Payload<E>, meta?: DeliveryMeta) => void): void };
    socket.on(event, (payload, meta) => {
      const deliver = () => this.deliver({ event, payload, seq: meta?.seq ?? 0, at: '' } as MissedEvent, false);
      if (this.catching && meta) this.held.push({ seq: meta.seq, run: deliver });
      else deliver();
    });
  }

  /** Live events that came during catch-up, in the hub's order. */
  private release(): void {
    this.catching = false;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const event of held) event.run();
  }

  private deliver(event: MissedEvent, missed: boolean): void {
    if (event.seq > 0) {
      if (this.seen.has(event.seq)) return;
      this.seen.add(event.seq);
      if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value ?? 0);
      this.mark(event.seq);
    }
    const handler = this.options.handlers[event.event] as ((payload: unknown, missed: boolean) => void) | undefined;
    handler?.(event.payload, missed);
  }

  private mark(seq: number): void {
    if (this.highest !== null && seq <= this.highest) return;
    this.highest = seq;
    localStorage.setItem(this.storageKey, String(seq));
  }
}

/**
 * 1-3-8 alarms that arrived through catch-up: gathered behind one button 「离线期间告警 N」 instead of
 * a burst of toasts, opened when the user is ready to read them.
 */
export class MissedAlarms {
  private readonly alarms: ClockAlert[] = [];
  private readonly button = h('button', { class: 'missed-alarms-button', type: 'button', 'data-testid': 'missed-alarms-button', hidden: true });
  private readonly list = h('div', { class: 'missed-alarms-list', role: 'dialog', 'data-testid': 'missed-alarms', hidden: true });

  constructor(private readonly onPick?: (alert: ClockAlert) => void) {
    this.button.addEventListener('click', () => {
      this.list.hidden = !this.list.hidden;
      this.paint();
    });
    document.body.append(this.button, this.list);
    onLocaleChange(() => this.paint());
  }

  add(alert: ClockAlert): void {
    this.alarms.unshift(alert);
    this.paint();
  }

  private paint(): void {
    this.button.hidden = this.alarms.length === 0;
    this.button.textContent = `⚠ ${t('missedAlarms')} ${this.alarms.length}`;
    const close = h('button', { class: 'btn btn-ghost', type: 'button' }, t('missedAlarmsClear'));
    close.addEventListener('click', () => {
      this.alarms.length = 0;
      this.list.hidden = true;
      this.paint();
    });
    this.list.replaceChildren(
      h('div', { class: 'missed-alarms-head' }, h('strong', {}, t('missedAlarms')), close),
      ...this.alarms.map((alert) => {
        const row = h(
          'button',
          { class: `missed-alarm status-${alert.status}`, type: 'button', 'data-testid': 'missed-alarm', 'data-incident-id': alert.incidentId },
          h('span', { class: 'missed-tag' }, t('whileOffline')),
          h('span', { class: 'num' }, alert.caseNo),
          h('span', {}, `${label(CLOCK_STAGE_LABELS, alert.stage)} · ${label(CLOCK_STATUS_LABELS, alert.status)}`),
          h('span', { class: 'muted num' }, formatTime(alert.at)),
        );
        row.addEventListener('click', () => this.onPick?.(alert));
        return row;
      }),
    );
  }
}
