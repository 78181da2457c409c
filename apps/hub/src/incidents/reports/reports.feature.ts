/**
 * Reports of one event, the operator's and patrol doors, splitting and point confirmation: joined to
 * AppModule's lists like PlacesFeature, for the same reason (the session guard's AuthService lives there).
 */
import { ConfirmPoint } from '../command/confirm-point.use-case';
import { SplitReport } from '../command/split-report.use-case';
import { DoorIntakeController } from '../intake/door-intake.controller';
import { NewCaseWriter } from '../intake/new-case-writer';
import { OperatorEntry } from '../intake/operator-entry.use-case';
import { PatrolReport } from '../intake/patrol-report.use-case';
import { CaseNumbers } from './case-numbers';
import { ReportQueries } from './report-queries';
import { ReportStore } from './report-store';
import { ReportsController } from './reports.controller';

export const ReportsFeature = {
  controllers: [DoorIntakeController, ReportsController],
  providers: [ReportStore, CaseNumbers, NewCaseWriter, ReportQueries, OperatorEntry, PatrolReport, SplitReport, ConfirmPoint],
} as const;
