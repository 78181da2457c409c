/** SQL for incidents, their offers and their timeline. Every method takes the transaction it runs in. */
import { Inject, Injectable } from '@nestjs/common';
import { ROLES, type EventSource, type IncidentView, type NotifySettingsRequest, type LngLat, type SessionUser, type TimelineEntryView, type TimelineType } from '@xiaonao/contracts';
import { linkEvent, sourceOfActor, type ChainAnchor, type ChainedEvent } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import type { Sql } from '../persistence/database';
import type { StatementPart } from '../persistence/statement-parts';
import { ClockPolicyProvider } from './clock-policy';
import { INCIDENT_SELECT, rowHeldBy, toIncidentView, type IncidentRow } from './incident-row';

export interface TimelineEvent {
  incidentId: string;
  townshipId: string;
  type: TimelineType;
  at: Date;
  actor: string;
  workerId?: string | null;
  location?: LngLat | null;
  detail?: Record<string, unknown>;
  /** Where the event came from; read from the actor's prefix when not given (worker: → phone, operator: → console …). */
  source?: EventSource;
}

/** An incident_event row as stored. */
interface EventRow {
  id: string;
  incident_id: string;
  seq: number;
  type: TimelineType;
  at: Date;
  actor: string;
  source: EventSource;
  worker_id: string | null;
  lng: number | null;
  lat: number | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const EVENT_COLUMNS = 'id, incident_id, seq, type, at, actor, source, worker_id, lng, lat, detail, prev_hash, hash';

function toChainedEvent(r: EventRow): ChainedEvent {
  return { incidentId: r.incident_id, seq: r.seq, type: r.type, at: r.at, actor: r.actor, source: r.source, workerId: r.worker_id, lng: r.lng, lat: r.lat, detail: r.detail, prevHash: r.prev_hash, hash: r.hash };
}

/** A case as dispatch reads it: with its township's paging chains (notify_settings). */
export type DispatchCaseRow = IncidentRow & { notify_settings: NotifySettingsRequest | null };

/** The paging chains column of DispatchCaseRow, for a select over rows named `d`. */
export const NOTIFY_SETTINGS_OF_D = '(SELECT ns.settings FROM notify_settings ns WHERE ns.township_id = d.township_id) AS notify_settings';

@Injectable()
export class IncidentStore {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
  ) {}

  async find(tx: Sql, id: string, lock = false): Promise<IncidentRow | null> {
    // Lock the incident row alone; the joined rows are only read.
    const [row] = await tx.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1 ${lock ? 'FOR UPDATE OF i' : ''}`, [id]);
    return row ?? null;
  }

  /** The case locked for dispatch, with its township's paging chains (read in the same statement). */
  async findForDispatch(sql: Sql, id: string, lock = true): Promise<DispatchCaseRow | null> {
    const [row] = await sql.query<DispatchCaseRow>(
      `SELECT d.*, ${NOTIFY_SETTINGS_OF_D} FROM (${INCIDENT_SELECT} WHERE i.id = $1 ${lock ? 'FOR UPDATE OF i' : ''}) d`,
      [id],
    );
    return row ?? null;
  }

  async list(tx: Sql, where: string, params: unknown[], limit = 500): Promise<IncidentRow[]> {
    return tx.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ${where} ORDER BY i.received_at DESC LIMIT ${limit}`, params);
  }

  /** The case as anyone may see it, caller number masked: news (outbox, NATS, sockets), offers, operators, stations. */
  view(row: IncidentRow, now = this.clock.now()): IncidentView {
    return toIncidentView(row, this.clocks.clocksOf(row, now));
  }

  /** The case as `reader` may see it: the full caller number only for the worker who holds it now. */
  viewFor(reader: SessionUser, row: IncidentRow, now = this.clock.now()): IncidentView {
    return toIncidentView(row, this.clocks.clocksOf(row, now), { fullCallerPhone: reader.role === 'worker' && rowHeldBy(row, reader.workerId) });
  }

  /** Reads the incident back after a change (its clocks are computed from it whenever it is viewed). */
  async refresh(tx: Sql, id: string): Promise<IncidentRow> {
    const row = await this.find(tx, id);
    if (!row) throw new Error(`incident ${id} vanished`);
    return row;
  }

  /**
   * Appends an event to the case's hash chain in the caller's transaction: the next seq, the hash over
   * the previous one, and the incident row's anchor (count, last hash) moved on in the same statement.
   */
  async record(tx: Sql, e: TimelineEvent): Promise<void> {
    // FOR UPDATE: two writers of one case must not both link to the same last event. Callers nearly
    // always hold this lock already, which makes it free.
    const [anchor] = await tx.query<{ event_count: number; last_event_hash: string | null }>('SELECT event_count, last_event_hash FROM incident WHERE id = $1 FOR UPDATE', [e.incidentId]);
    if (!anchor) throw new Error(`incident ${e.incidentId} vanished`);
    const link = this.link({ count: anchor.event_count, lastHash: anchor.last_event_hash }, e);
    await tx.query(
      `WITH appended AS (
         INSERT INTO incident_event (township_id, incident_id, type, at, actor, worker_id, lng, lat, detail, seq, source, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING incident_id
       )
       UPDATE incident SET event_count = $10, last_event_hash = $13 WHERE id = (SELECT incident_id FROM appended)`,
      [e.townshipId, e.incidentId, e.type, e.at, e.actor, link.workerId, link.lng, link.lat, JSON.stringify(link.detail), link.seq, link.source, link.prevHash, link.hash],
    );
  }

  /** The event chained onto `anchor`: its seq and hash, as it will be stored. */
  link(anchor: ChainAnchor, e: TimelineEvent): ChainedEvent {
    return linkEvent(anchor, {
      incidentId: e.incidentId,
      type: e.type,
      at: e.at,
      actor: e.actor,
      source: e.source ?? sourceOfActor(e.actor),
      workerId: e.workerId ?? null,
      lng: e.location?.lng ?? null,
      lat: e.location?.lat ?? null,
      detail: e.detail ?? {},
    });
  }

  /**
   * An event already linked (its anchor known: a new case's, or one read under the case's lock), as a part
   * of a statement writing the case (statement-parts.ts); written only when `gate` wrote its row.
   */
  eventPart(name: string, gate: string, townshipId: string, link: ChainedEvent): StatementPart {
    return {
      name,
      sql: `INSERT INTO incident_event (township_id, incident_id, type, at, actor, worker_id, lng, lat, detail, seq, source, prev_hash, hash)
            SELECT $1::uuid, id, $2::text, $3::timestamptz, $4::text, $5::uuid, $6::float8, $7::float8, $8::jsonb, $9::int, $10::text, $11::text, $12::text FROM ${gate}
            RETURNING 1`,
      params: [townshipId, link.type, link.at, link.actor, link.workerId, link.lng, link.lat, JSON.stringify(link.detail), link.seq, link.source, link.prevHash, link.hash],
    };
  }

  /**
   * Appends many events (of one or many cases) in three statements: the anchors locked and read, every
   * event inserted, the anchors moved on. Events of one case are chained in the order given.
   */
  async recordMany(tx: Sql, events: readonly TimelineEvent[]): Promise<void> {
    if (!events.length) return;
    const ids = [...new Set(events.map((e) => e.incidentId))];
    const anchors = await tx.query<{ id: string; event_count: number; last_event_hash: string | null }>(
      'SELECT id, event_count, last_event_hash FROM incident WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [ids],
    );
    const chain = new Map(anchors.map((a) => [a.id, { count: a.event_count, lastHash: a.last_event_hash }]));
    const rows = events.map((e) => {
      const anchor = chain.get(e.incidentId);
      if (!anchor) throw new Error(`incident ${e.incidentId} vanished`);
      const link = this.link(anchor, e);
      chain.set(e.incidentId, { count: link.seq, lastHash: link.hash });
      return { e, link };
    });
    await tx.query(
      `INSERT INTO incident_event (township_id, incident_id, type, at, actor, worker_id, lng, lat, detail, seq, source, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[], $7::float8[], $8::float8[], $9::jsonb[], $10::int[], $11::text[], $12::text[], $13::text[])`,
      [
        rows.map((r) => r.e.townshipId),
        rows.map((r) => r.e.incidentId),
        rows.map((r) => r.e.type),
        rows.map((r) => r.e.at),
        rows.map((r) => r.e.actor),
        rows.map((r) => r.link.workerId),
        rows.map((r) => r.link.lng),
        rows.map((r) => r.link.lat),
        rows.map((r) => JSON.stringify(r.link.detail)),
        rows.map((r) => r.link.seq),
        rows.map((r) => r.link.source),
        rows.map((r) => r.link.prevHash),
        rows.map((r) => r.link.hash),
      ],
    );
    const moved = [...chain.entries()];
    await tx.query(
      `UPDATE incident i SET event_count = a.count, last_event_hash = a.hash FROM unnest($1::uuid[], $2::int[], $3::text[]) AS a(id, count, hash) WHERE i.id = a.id`,
      [moved.map(([id]) => id), moved.map(([, a]) => a.count), moved.map(([, a]) => a.lastHash)],
    );
  }

  async timeline(tx: Sql, incidentId: string): Promise<TimelineEntryView[]> {
    const rows = await tx.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM incident_event WHERE incident_id = $1 ORDER BY seq`, [incidentId]);
    const names = await this.actorNames(tx, rows.map((r) => r.actor));
    return rows.map((r) => ({
      id: String(r.id),
      seq: r.seq,
      type: r.type,
      at: r.at.toISOString(),
      actor: r.actor,
      ...(names.has(r.actor) ? { actorName: names.get(r.actor) } : {}),
      source: r.source,
      workerId: r.worker_id,
      location: r.lng === null || r.lat === null ? null : { lng: r.lng, lat: r.lat },
      detail: r.detail,
      hash: r.hash,
    }));
  }

  /**
   * Display names behind actors written as `role:username` (operator:zhang, worker:w067, station:pcs),
   * keyed by the actor: the timeline reads 网格员1, not w067. Other actors (dispatch, 110:…) have none.
   */
  private async actorNames(tx: Sql, actors: readonly string[]): Promise<Map<string, string>> {
    const people = [...new Set(actors)].flatMap((actor) => {
      const [role, username] = actor.split(':', 2);
      return username && (ROLES as readonly string[]).includes(role) ? [{ actor, role, username }] : [];
    });
    if (!people.length) return new Map();
    const users = await tx.query<{ username: string; role: string; display_name: string }>(
      'SELECT username, role, display_name FROM app_user WHERE username = ANY($1::text[])',
      [people.map((p) => p.username)],
    );
    return new Map(people.flatMap((p) => users.filter((u) => u.username === p.username && u.role === p.role).map((u) => [p.actor, u.display_name] as const)));
  }

  /** The stored events of each case, in chain order, for checking; a case without events is absent. */
  async chains(tx: Sql, incidentIds: readonly string[]): Promise<Map<string, ChainedEvent[]>> {
    const rows = await tx.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM incident_event WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, seq`, [incidentIds]);
    const chains = new Map<string, ChainedEvent[]>();
    for (const row of rows) {
      const chain = chains.get(row.incident_id) ?? [];
      chain.push(toChainedEvent(row));
      chains.set(row.incident_id, chain);
    }
    return chains;
  }
}
