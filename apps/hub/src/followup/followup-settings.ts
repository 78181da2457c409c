/**
 * A township's 回访 rules, read and replaced as a whole (one row per township; the defaults until an
 * operator saves them). Read in the closing transaction, so a case closes under the rules as they stand.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Category, FollowUpPolicy, FollowUpSettingsRequest, FollowUpSettingsView, SessionUser } from '@xiaonao/contracts';
import { DEFAULT_FOLLOWUP_SETTINGS, DomainError, followUpSettingsProblem } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';

interface SettingsRow {
  policy: FollowUpPolicy;
  sample_rate: number;
  categories: Category[];
  due_hours: number;
  grid_leader_may_record: boolean;
}

@Injectable()
export class FollowUpSettings {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The township's rules as they stand, in the caller's transaction (or the pool). */
  async of(sql: Sql, townshipId: string): Promise<FollowUpSettingsView> {
    const [row] = await sql.query<SettingsRow>(
      'SELECT policy, sample_rate, categories, due_hours, grid_leader_may_record FROM township_followup_settings WHERE township_id = $1',
      [townshipId],
    );
    if (!row) return { ...DEFAULT_FOLLOWUP_SETTINGS, categories: [] };
    return { policy: row.policy, sampleRate: row.sample_rate, categories: row.categories, dueHours: row.due_hours, gridLeaderMayRecord: row.grid_leader_may_record };
  }

  get(user: SessionUser): Promise<FollowUpSettingsView> {
    return this.of(this.db, user.townshipId);
  }

  /** Cases already closed keep the 回访 they were given; cases closing from now on get these rules. */
  async set(user: SessionUser, req: FollowUpSettingsRequest): Promise<FollowUpSettingsView> {
    const settings: FollowUpSettingsView = { ...req, categories: [...new Set(req.categories)] };
    const problem = followUpSettingsProblem(settings);
    if (problem) throw new DomainError('INVALID_INPUT', `${problem.field}：${problem.zh}`, `${problem.field}: ${problem.en}`, problem.field);
    await this.db.query(
      `INSERT INTO township_followup_settings (township_id, policy, sample_rate, categories, due_hours, grid_leader_may_record, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (township_id) DO UPDATE SET policy = $2, sample_rate = $3, categories = $4, due_hours = $5, grid_leader_may_record = $6, updated_at = $7`,
      [user.townshipId, settings.policy, settings.sampleRate, settings.categories, settings.dueHours, settings.gridLeaderMayRecord, this.clock.now()],
    );
    return this.get(user);
  }
}
