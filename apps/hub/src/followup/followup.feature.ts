/** 回访 and reopen (#11), joined to AppModule's lists like the other features. TimerRunner uses FollowUpTimers; TakeWorkerStep uses FollowUpScheduler. */
import { FollowUpController } from './followup.controller';
import { FollowUpNews } from './followup-news';
import { FollowUpScheduler } from './followup-scheduler';
import { FollowUpSettings } from './followup-settings';
import { FollowUpSettingsController } from './followup-settings.controller';
import { FollowUpStore } from './followup-store';
import { FollowUpTimers } from './followup-timers';
import { FollowUpWorklistQuery } from './followup-worklist';
import { RecordFollowUp } from './record-followup.use-case';
import { ResolveSupervision } from './resolve-supervision.use-case';
import { RoundOpener } from './round-opener';
import { SignOff } from './sign-off.use-case';
import { SignOffWriter } from './sign-off-writer';

export const FollowUpFeature = {
  controllers: [FollowUpSettingsController, FollowUpController],
  providers: [FollowUpSettings, FollowUpStore, FollowUpNews, FollowUpScheduler, FollowUpTimers, FollowUpWorklistQuery, RecordFollowUp, ResolveSupervision, RoundOpener, SignOff, SignOffWriter],
} as const;
