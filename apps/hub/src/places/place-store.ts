/** SQL for the gazetteer (标准地址): upserting imported places, and the trigram candidates for a text. */
import { Injectable } from '@nestjs/common';
import type { CoordSystem, PlaceKind, PlaceView } from '@xiaonao/contracts';
import type { Sql } from '../persistence/database';

export interface PlaceRow {
  id: string;
  township_id: string;
  kind: PlaceKind;
  name: string;
  address: string;
  aliases: string[];
  grid_id: string | null;
  lng: number;
  lat: number;
  source_crs: CoordSystem;
  source: string;
  updated_at: Date;
}

/** A candidate for a text: the entry, its best-matching key and that key's pg_trgm similarity. */
export interface PlaceMatchRow extends PlaceRow {
  match_term: string;
  similarity: number;
}

/** One place ready to write: checked, in WGS-84, placed in its grid, with its match keys. */
export interface PlaceWrite {
  kind: PlaceKind;
  name: string;
  address: string;
  aliases: string[];
  grid_id: string | null;
  lng: number;
  lat: number;
  search_terms: string[];
  search_text: string;
}

export function toPlaceView(row: PlaceRow): PlaceView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    aliases: row.aliases,
    gridId: row.grid_id,
    location: { lng: row.lng, lat: row.lat },
    sourceCoordSystem: row.source_crs,
    source: row.source,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Rows per INSERT: one statement per chunk keeps a big file to a few round trips without a huge parameter. */
const UPSERT_CHUNK = 500;

/**
 * Loose on purpose: the index only gathers rows sharing some trigrams with the text; the service
 * ranks them. pg_trgm's defaults (0.3 and 0.6) would miss a short Chinese typo, where one wrong
 * character breaks three trigrams out of a handful.
 */
const SIMILARITY_FLOOR = '0.1';
const WORD_SIMILARITY_FLOOR = '0.3';

@Injectable()
export class PlaceStore {
  /** Inserts new places and updates changed ones; a row sent exactly as stored is left alone. */
  async upsert(tx: Sql, townshipId: string, places: readonly PlaceWrite[], origin: { source: string; crs: CoordSystem }): Promise<{ created: number; updated: number }> {
    let created = 0;
    let updated = 0;
    for (let i = 0; i < places.length; i += UPSERT_CHUNK) {
      const rows = await tx.query<{ created: boolean }>(
        `INSERT INTO place AS p (township_id, kind, name, address, aliases, grid_id, lng, lat, source_crs, source, search_terms, search_text)
         SELECT $1, r.kind, r.name, r.address, r.aliases, r.grid_id, r.lng, r.lat, $3, $4, r.search_terms, r.search_text
         FROM jsonb_to_recordset($2::jsonb) AS r(kind text, name text, address text, aliases text[], grid_id uuid, lng float8, lat float8, search_terms text[], search_text text)
         ON CONFLICT (township_id, kind, name, address) DO UPDATE
           SET aliases = EXCLUDED.aliases, grid_id = EXCLUDED.grid_id, lng = EXCLUDED.lng, lat = EXCLUDED.lat, source_crs = EXCLUDED.source_crs,
               source = EXCLUDED.source, search_terms = EXCLUDED.search_terms, search_text = EXCLUDED.search_text, updated_at = now()
           WHERE (p.aliases, p.grid_id, p.lng, p.lat, p.search_terms) IS DISTINCT FROM (EXCLUDED.aliases, EXCLUDED.grid_id, EXCLUDED.lng, EXCLUDED.lat, EXCLUDED.search_terms)
         -- xmax is 0 on a row this statement inserted, set on one it updated; unchanged rows are not returned.
         RETURNING (xmax = 0) AS created`,
        [townshipId, JSON.stringify(places.slice(i, i + UPSERT_CHUNK)), origin.crs, origin.source],
      );
      created += rows.filter((r) => r.created).length;
      updated += rows.filter((r) => !r.created).length;
    }
    return { created, updated };
  }

  /**
   * Entries sharing enough trigrams with `key`, best first, each with its best-matching key: the key
   * inside the text (a long caller address), the text inside the key (a few typed characters), or the
   * two alike. Run it in a transaction: the thresholds are set for that transaction only.
   */
  async candidates(tx: Sql, townshipId: string, key: string, limit: number): Promise<PlaceMatchRow[]> {
    await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('pg_trgm.word_similarity_threshold', $2, true)`, [
      SIMILARITY_FLOOR,
      WORD_SIMILARITY_FLOOR,
    ]);
    return tx.query<PlaceMatchRow>(
      `SELECT p.*, m.term AS match_term, m.score AS similarity
       FROM place p
       CROSS JOIN LATERAL (
         SELECT t AS term, GREATEST(similarity(t, $2), word_similarity($2, t), word_similarity(t, $2)) AS score
         FROM unnest(p.search_terms) AS t
         ORDER BY score DESC, length(t) DESC
         LIMIT 1
       ) m
       WHERE p.township_id = $1 AND (p.search_text % $2 OR $2 <% p.search_text)
       ORDER BY m.score DESC, p.kind, p.name, p.address
       LIMIT $3`,
      [townshipId, key, limit],
    );
  }
}
