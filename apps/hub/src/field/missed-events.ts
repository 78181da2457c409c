/**
 * What a page missed while its socket was down: the outbox rows relayed after the page's last seq
 * whose audience includes one of the user's rooms, turned into the socket events that user would
 * have heard (deliveries.ts), oldest first. socket.io's own recovery lasts two minutes and lives in
 * one process; this lasts CATCH_UP_RETENTION_HOURS and any hub process can answer.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { BusEnvelope, MissedEvent, MissedEventsResponse, SessionUser } from '@xiaonao/contracts';
import { Database } from '../persistence/database';
import { deliveriesOf, roomsFor } from '../realtime/deliveries';

const PAGE = 200;

@Injectable()
export class MissedEvents {
  constructor(@Inject(Database) private readonly db: Database) {}

  async after(user: SessionUser, after: number | null): Promise<MissedEventsResponse> {
    const [relay] = await this.db.query<{ last_seq: string; pruned_through: string }>('SELECT last_seq, pruned_through FROM outbox_relay WHERE id = 1');
    const latestSeq = Number(relay?.last_seq ?? 0);
    // A page that has just loaded its state only needs to know where the log stands.
    if (after === null) return { events: [], latestSeq, more: false, complete: true };
    const complete = after >= Number(relay?.pruned_through ?? 0);
    const mine = roomsFor(user);
    const rows = await this.db.query<{ seq: string; envelope: BusEnvelope }>(
      'SELECT seq, envelope FROM outbox WHERE seq > $1 AND audience && $2::text[] ORDER BY seq LIMIT $3',
      [after, mine, PAGE + 1],
    );
    const more = rows.length > PAGE;
    const events: MissedEvent[] = [];
    for (const row of rows.slice(0, PAGE)) {
      const seq = Number(row.seq);
      for (const d of deliveriesOf(row.envelope)) {
        if (d.event === 'worker.moved' || !d.rooms.some((room) => mine.includes(room))) continue;
        events.push({ seq, at: row.envelope.at, event: d.event, payload: d.payload } as MissedEvent);
      }
    }
    return { events, latestSeq, more, complete };
  }
}
