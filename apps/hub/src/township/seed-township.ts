/**
 * Loads a township (demo or test) into the database in one transaction; skipped if its code exists.
 * Its regions and their accounts are found or created either way (docs/regions.md).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { TownshipSeed } from '@xiaonao/contracts';
import { defaultReturnToPolice } from '@xiaonao/domain';
import { digestApiKey } from '../auth/api-key';
import { PasswordHasher } from '../auth/password-hasher';
import { defaultSigningSecret } from '../auth/request-signature';
import { Database } from '../persistence/database';
import { seedFeedbackSubscription } from '../feedback/seed-feedback';

export interface SeedResult {
  townshipId: string;
  created: boolean;
}

@Injectable()
export class SeedTownship {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async seed(seed: TownshipSeed): Promise<SeedResult> {
    const [existing] = await this.db.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [seed.code]);
    if (existing) {
      await this.addDingtalkUserIds(existing.id, seed);
      await this.placeInRegions(existing.id, seed);
      return { townshipId: existing.id, created: false };
    }
    // Hash before the transaction: argon2 is slow on purpose and must not hold the connection.
    const hashes = await Promise.all(seed.users.map((u) => this.hasher.hash(u.password)));
    const townshipId = await this.db.transaction(async (tx) => {
      const [t] = await tx.query<{ id: string }>('INSERT INTO township (code, name, center_lng, center_lat) VALUES ($1, $2, $3, $4) RETURNING id', [
        seed.code,
        seed.name,
        seed.center.lng,
        seed.center.lat,
      ]);
      const gridIds = new Map<string, string>();
      for (const g of seed.grids) {
        const [row] = await tx.query<{ id: string }>('INSERT INTO grid (township_id, code, name, kind, polygon) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
          t.id,
          g.code,
          g.name,
          g.kind,
          JSON.stringify(g.polygon),
        ]);
        gridIds.set(g.code, row.id);
      }
      const stationIds = new Map<string, string>();
      for (const s of seed.stations) {
        const [row] = await tx.query<{ id: string }>('INSERT INTO police_station (township_id, code, name) VALUES ($1, $2, $3) RETURNING id', [t.id, s.code, s.name]);
        stationIds.set(s.code, row.id);
      }
      const workerIds = new Map<string, string>();
      for (const w of seed.workers) {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO worker (township_id, code, name, phone, team, grid_id, on_duty, lng, lat, position_at, travel_modes, dingtalk_user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8::float8 IS NULL THEN NULL ELSE now() END, $10, $11) RETURNING id`,
          [
            t.id,
            w.code,
            w.name,
            w.phone,
            w.team,
            w.gridCode ? (gridIds.get(w.gridCode) ?? null) : null,
            w.onDuty,
            w.location?.lng ?? null,
            w.location?.lat ?? null,
            w.travelModes ?? ['foot', 'ebike'],
            w.dingtalkUserId ?? null,
          ],
        );
        workerIds.set(w.code, row.id);
      }
      for (const g of seed.grids) {
        const leader = g.leaderCode ? workerIds.get(g.leaderCode) : undefined;
        if (leader) await tx.query('UPDATE grid SET leader_worker_id = $2 WHERE id = $1', [gridIds.get(g.code), leader]);
      }
      for (const [i, u] of seed.users.entries()) {
        await tx.query('INSERT INTO app_user (township_id, username, password_hash, display_name, role, worker_id, station_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          t.id,
          u.username,
          hashes[i],
          u.displayName,
          u.role,
          u.workerCode ? (workerIds.get(u.workerCode) ?? null) : null,
          u.stationCode ? (stationIds.get(u.stationCode) ?? null) : null,
        ]);
      }
      for (const r of seed.responsibilities ?? []) {
        await tx.query(
          `INSERT INTO responsibility (township_id, category, teams, priority, dispatch_mode, offer_mode, race_size, queue_when_busy, offer_window_seconds, police_only, return_to_police)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [t.id, r.category, r.teams, r.priority, r.dispatchMode, r.offerMode ?? 'sequential', r.raceSize ?? 3, r.queueWhenBusy ?? false, r.offerWindowSeconds ?? null, r.policeOnly, r.returnToPolice ?? defaultReturnToPolice(r.category)],
        );
      }
      for (const k of seed.apiKeys) {
        const [key] = await tx.query<{ id: string }>('INSERT INTO api_key (township_id, name, key_hash, signing_secret, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
          t.id,
          k.name,
          digestApiKey(k.key),
          k.signingSecret ?? defaultSigningSecret(k.key),
          k.kind ?? '110',
        ]);
        if (k.feedback) await seedFeedbackSubscription(tx, t.id, key.id, k.feedback);
      }
      for (const c of seed.cameras ?? []) {
        await tx.query('INSERT INTO camera (township_id, code, name, lng, lat, grid_id, owner, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
          t.id,
          c.code,
          c.name,
          c.location.lng,
          c.location.lat,
          c.gridCode ? (gridIds.get(c.gridCode) ?? null) : null,
          c.owner,
          c.enabled ?? true,
        ]);
      }
      return t.id;
    });
    await this.placeInRegions(townshipId, seed);
    return { townshipId, created: true };
  }

  /**
   * The seed's regions, outermost first, each found by code or created under the one before; the
   * township goes in the last unless it already lies in a region (moved since, by an admin); the
   * regions' accounts are added when their usernames are new. Townships naming one region share it.
   */
  private async placeInRegions(townshipId: string, seed: TownshipSeed): Promise<void> {
    const regions = seed.regions ?? [];
    if (!regions.length) return;
    const users = regions.flatMap((r) => (r.users ?? []).map((u) => ({ ...u, regionCode: r.code })));
    const known = new Set((await this.db.query<{ username: string }>('SELECT username FROM app_user WHERE username = ANY($1::text[])', [users.map((u) => u.username)])).map((r) => r.username));
    const fresh = users.filter((u) => !known.has(u.username));
    const hashes = await Promise.all(fresh.map((u) => this.hasher.hash(u.password)));
    await this.db.transaction(async (tx) => {
      const ids = new Map<string, string>();
      let parent: string | null = null;
      for (const r of regions) {
        // An existing region keeps its name, kind and place: a start does not undo an admin's edits.
        await tx.query('INSERT INTO region (code, name, kind, parent_id) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING', [r.code, r.name, r.kind, parent]);
        const [row] = await tx.query<{ id: string }>('SELECT id FROM region WHERE code = $1', [r.code]);
        ids.set(r.code, row.id);
        parent = row.id;
      }
      await tx.query('UPDATE township SET region_id = $2 WHERE id = $1 AND region_id IS NULL', [townshipId, parent]);
      for (const [i, u] of fresh.entries()) {
        await tx.query('INSERT INTO app_user (region_id, username, password_hash, display_name, role) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING', [
          ids.get(u.regionCode),
          u.username,
          hashes[i],
          u.displayName,
          u.role,
        ]);
      }
    });
  }

  /**
   * A township loaded before its seed had DingTalk userids (the demo's kept data) gets them; an id set
   * since, by hand or by an import, is never overwritten.
   */
  private async addDingtalkUserIds(townshipId: string, seed: TownshipSeed): Promise<void> {
    const named = seed.workers.filter((w) => w.dingtalkUserId);
    if (!named.length) return;
    await this.db.query(
      `UPDATE worker w SET dingtalk_user_id = s.userid
         FROM unnest($2::text[], $3::text[]) AS s(code, userid)
        WHERE w.township_id = $1 AND w.code = s.code AND w.dingtalk_user_id IS NULL`,
      [townshipId, named.map((w) => w.code), named.map((w) => w.dingtalkUserId)],
    );
  }
}
