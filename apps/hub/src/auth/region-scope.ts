/**
 * What a region account (admin, district) may see: its region, every region under it at whatever
 * depth, and the townships in those (docs/regions.md). The tree is rows of `region`, walked here with
 * one recursive query, so a city over districts over townships needs no code of its own.
 */
import { isRegionRole, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';

export interface RegionScope {
  regionId: string;
  /** The region and all regions under it, parents before children. */
  regionIds: string[];
  /** Every township in those regions. */
  townshipIds: string[];
}

/** The region subtree under (and including) $1, with each region's depth below it. */
const SUBTREE = `WITH RECURSIVE tree AS (
    SELECT id, 0 AS depth FROM region WHERE id = $1::uuid
    UNION ALL
    SELECT r.id, tree.depth + 1 FROM region r JOIN tree ON r.parent_id = tree.id
  )`;

/** The region and townships a region account sees; FORBIDDEN for township accounts. */
export async function regionScope(sql: Sql, user: SessionUser): Promise<RegionScope> {
  if (!isRegionRole(user.role) || !user.regionId) {
    throw new DomainError('FORBIDDEN', '只有区/市账号可以查看区级视图', 'Only district and city accounts see the district view');
  }
  const [row] = await sql.query<{ region_ids: string[] | null; township_ids: string[] | null }>(
    `${SUBTREE}
     SELECT (SELECT array_agg(id ORDER BY depth, id) FROM tree) AS region_ids,
            (SELECT array_agg(t.id ORDER BY t.code) FROM township t WHERE t.region_id IN (SELECT id FROM tree)) AS township_ids`,
    [user.regionId],
  );
  return { regionId: user.regionId, regionIds: row?.region_ids ?? [], townshipIds: row?.township_ids ?? [] };
}

/** One township under the region (the first by code), or null: where a region account's session news travels. */
export async function firstTownshipUnder(sql: Sql, regionId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(`${SUBTREE} SELECT t.id FROM township t WHERE t.region_id IN (SELECT id FROM tree) ORDER BY t.code LIMIT 1`, [regionId]);
  return row?.id ?? null;
}
