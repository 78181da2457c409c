/** A township's 网格指数 formula (docs/review.md), read and replaced as a whole; the defaults until an operator saves one. */
import { Inject, Injectable } from '@nestjs/common';
import type { GridIndexSettings, SessionUser } from '@xiaonao/contracts';
import { DEFAULT_GRID_INDEX_SETTINGS, DomainError, gridIndexSettingsProblem } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';

@Injectable()
export class ReviewSettings {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async of(sql: Sql, townshipId: string): Promise<GridIndexSettings> {
    const [row] = await sql.query<{ settings: GridIndexSettings }>('SELECT settings FROM review_settings WHERE township_id = $1', [townshipId]);
    return row?.settings ?? DEFAULT_GRID_INDEX_SETTINGS;
  }

  get(user: SessionUser): Promise<GridIndexSettings> {
    return this.of(this.db, user.townshipId);
  }

  async set(user: SessionUser, asked: GridIndexSettings): Promise<GridIndexSettings> {
    // Only what the formula reads is kept (the DTO's class instance becomes plain JSON).
    const settings: GridIndexSettings = {
      weights: asked.weights,
      bands: asked.bands,
      volumeCeilingPer1000: asked.volumeCeilingPer1000,
      repeatMinCases: asked.repeatMinCases,
      repeatDays: asked.repeatDays,
      residents: asked.residents,
    };
    const problem = gridIndexSettingsProblem(settings);
    if (problem) throw new DomainError('INVALID_INPUT', `${problem.field}：${problem.zh}`, `${problem.field}: ${problem.en}`, problem.field);
    await this.db.query(
      `INSERT INTO review_settings (township_id, settings, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (township_id) DO UPDATE SET settings = $2, updated_at = $3`,
      [user.townshipId, JSON.stringify(settings), this.clock.now()],
    );
    return this.get(user);
  }
}
