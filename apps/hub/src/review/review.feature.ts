/**
 * 研判 (#12): roll-ups kept by an outbox tap, the review queries, the 网格指数 and CSV exports,
 * joined to AppModule's lists like the other features (its tap through `taps`).
 */
import { ReviewController } from './review.controller';
import { ReviewExport } from './review-export';
import { ReviewQueries } from './review-queries';
import { ReviewRoller } from './review-roller';
import { ReviewSettings } from './review-settings';
import { ReviewTap } from './review-tap';
import { Staffing } from './staffing';
import { StaffingController } from './staffing.controller';

export const ReviewFeature = {
  taps: [ReviewTap],
  controllers: [ReviewController, StaffingController],
  providers: [ReviewTap, ReviewRoller, ReviewSettings, ReviewQueries, ReviewExport, Staffing],
} as const;
