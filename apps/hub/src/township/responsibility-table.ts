import { Inject, Injectable } from '@nestjs/common';
import type { Category, ResponsibilityRequest, ResponsibilityView, SessionUser } from '@xiaonao/contracts';
import { defaultReturnToPolice } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { TownshipDirectory } from './township-directory';

@Injectable()
export class ResponsibilityTable {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  list(user: SessionUser): Promise<ResponsibilityView[]> {
    return this.townships.responsibilities(user.townshipId);
  }

  async set(user: SessionUser, category: Category, row: ResponsibilityRequest): Promise<ResponsibilityView> {
    await this.db.query(
      `INSERT INTO responsibility (township_id, category, teams, priority, dispatch_mode, offer_mode, race_size, police_only, queue_when_busy, offer_window_seconds, return_to_police, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, $12), now())
       ON CONFLICT (township_id, category) DO UPDATE SET teams = $3, priority = $4, dispatch_mode = $5, offer_mode = $6, race_size = $7, police_only = $8,
         queue_when_busy = $9, offer_window_seconds = $10, return_to_police = COALESCE($11, responsibility.return_to_police), updated_at = now()`,
      // returnToPolice left out keeps the row's rule (a new row: the category's default).
      [user.townshipId, category, row.teams, row.priority, row.dispatchMode, row.offerMode, row.raceSize, row.policeOnly, row.queueWhenBusy ?? false, row.offerWindowSeconds ?? null, row.returnToPolice ?? null, defaultReturnToPolice(category)],
    );
    // This process reads the change at once; the others as soon as they hear the news.
    await this.townships.changed(user.townshipId, 'responsibilities');
    return this.townships.responsibility(user.townshipId, category);
  }
}
