/**
 * Duty rosters (排班), joined to AppModule's own lists like the gazetteer: the endpoints use the session
 * guard whose AuthService lives there, and the use cases share its WorkerStore and Outbox.
 */
import { ApplyRoster } from './apply-roster.service';
import { DutyState } from './duty-state';
import { DutyWriter } from './duty-writer';
import { OverrideDuty } from './override-duty.use-case';
import { RosterAccess } from './roster-access';
import { RosterQueries } from './roster-queries';
import { RosterStore } from './roster-store';
import { RosterController } from './roster.controller';
import { SetRoster } from './set-roster.use-case';

export const RosterFeature = {
  controllers: [RosterController],
  providers: [RosterStore, RosterAccess, DutyState, DutyWriter, ApplyRoster, RosterQueries, SetRoster, OverrideDuty],
} as const;
