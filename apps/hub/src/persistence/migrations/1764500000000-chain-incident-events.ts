import type { MigrationInterface, QueryRunner } from 'typeorm';
import { linkEvent, sourceOfActor, type ChainAnchor, type ChainedEvent } from '@xiaonao/domain';
import type { TimelineType } from '@xiaonao/contracts';

interface StoredEvent {
  id: string;
  incident_id: string;
  type: TimelineType;
  at: Date;
  actor: string;
  worker_id: string | null;
  lng: number | null;
  lat: number | null;
  detail: Record<string, unknown>;
}

/** Rows read and written per round trip while existing events are chained. */
const PAGE = 1000;

/**
 * A case's timeline becomes an append-only hash chain: each event gets its number within the case, its
 * source and the SHA-256 linking it to the event before; the incident row keeps the count and the last
 * hash, so that removing the last events shows too. PostgreSQL refuses UPDATE, DELETE and TRUNCATE on
 * the events; whoever turns that off still cannot rewrite history without breaking the chain.
 */
export class ChainIncidentEvents1764500000000 implements MigrationInterface {
  name = 'ChainIncidentEvents1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident_event ADD COLUMN seq integer, ADD COLUMN source text, ADD COLUMN prev_hash text, ADD COLUMN hash text;
      ALTER TABLE incident ADD COLUMN event_count integer NOT NULL DEFAULT 0, ADD COLUMN last_event_hash text;
    `);
    await chainExistingEvents(q);
    await q.query(`
      ALTER TABLE incident_event
        ALTER COLUMN seq SET NOT NULL,
        ALTER COLUMN source SET NOT NULL,
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL,
        ADD CONSTRAINT incident_event_seq_positive CHECK (seq >= 1),
        ADD CONSTRAINT incident_event_source_known CHECK (source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning')),
        ADD CONSTRAINT incident_event_incident_seq_key UNIQUE (incident_id, seq);
      CREATE FUNCTION incident_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_event 只能追加，拒绝 % / incident_event is append-only: % refused', TG_OP, TG_OP
          USING ERRCODE = 'restrict_violation';
      END;
      $$;
      CREATE TRIGGER incident_event_append_only BEFORE UPDATE OR DELETE ON incident_event
        FOR EACH ROW EXECUTE FUNCTION incident_event_refuse_change();
      CREATE TRIGGER incident_event_no_truncate BEFORE TRUNCATE ON incident_event
        FOR EACH STATEMENT EXECUTE FUNCTION incident_event_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER incident_event_no_truncate ON incident_event;
      DROP TRIGGER incident_event_append_only ON incident_event;
      DROP FUNCTION incident_event_refuse_change();
      ALTER TABLE incident DROP COLUMN last_event_hash, DROP COLUMN event_count;
      ALTER TABLE incident_event DROP CONSTRAINT incident_event_incident_seq_key, DROP CONSTRAINT incident_event_source_known,
        DROP CONSTRAINT incident_event_seq_positive, DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN source, DROP COLUMN seq;
    `);
  }
}

/**
 * Reads the events case by case in the order they were written (by id, as the timeline was shown) and
 * writes each its seq, source and hashes, then each case's anchor, a page at a time.
 */
async function chainExistingEvents(q: QueryRunner): Promise<void> {
  let current: string | null = null;
  let anchor: ChainAnchor = { count: 0, lastHash: null };
  const anchors: { id: string; anchor: ChainAnchor }[] = [];
  let last: StoredEvent | null = null;
  for (;;) {
    const page = (await q.query(
      `SELECT id, incident_id, type, at, actor, worker_id, lng, lat, detail FROM incident_event
       ${last ? 'WHERE (incident_id, id) > ($1::uuid, $2::bigint)' : ''} ORDER BY incident_id, id LIMIT ${PAGE}`,
      last ? [last.incident_id, last.id] : [],
    )) as StoredEvent[];
    if (!page.length) break;
    const links: (ChainedEvent & { id: string })[] = [];
    for (const row of page) {
      if (row.incident_id !== current) {
        if (current) anchors.push({ id: current, anchor });
        current = row.incident_id;
        anchor = { count: 0, lastHash: null };
      }
      const linked = linkEvent(anchor, {
        incidentId: row.incident_id,
        type: row.type,
        at: row.at,
        actor: row.actor,
        source: sourceOfActor(row.actor),
        workerId: row.worker_id,
        lng: row.lng,
        lat: row.lat,
        detail: row.detail,
      });
      anchor = { count: linked.seq, lastHash: linked.hash };
      links.push({ ...linked, id: row.id });
    }
    await q.query(
      `UPDATE incident_event e SET seq = v.seq, source = v.source, prev_hash = v.prev_hash, hash = v.hash
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[]) AS v(id, seq, source, prev_hash, hash)
       WHERE e.id = v.id`,
      [links.map((l) => l.id), links.map((l) => l.seq), links.map((l) => l.source), links.map((l) => l.prevHash), links.map((l) => l.hash)],
    );
    await writeAnchors(q, anchors.splice(0));
    last = page[page.length - 1];
  }
  if (current) await writeAnchors(q, [{ id: current, anchor }]);
}

async function writeAnchors(q: QueryRunner, anchors: readonly { id: string; anchor: ChainAnchor }[]): Promise<void> {
  if (!anchors.length) return;
  await q.query(
    `UPDATE incident i SET event_count = v.count, last_event_hash = v.last_hash
     FROM unnest($1::uuid[], $2::int[], $3::text[]) AS v(id, count, last_hash) WHERE i.id = v.id`,
    [anchors.map((a) => a.id), anchors.map((a) => a.anchor.count), anchors.map((a) => a.anchor.lastHash)],
  );
}
