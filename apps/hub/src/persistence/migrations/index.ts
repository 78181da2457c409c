import { CreateDispatchCore1763700000000 } from './1763700000000-create-dispatch-core';
import { AddResponsibilityAndRecommendation1763800000000 } from './1763800000000-add-responsibility-and-recommendation';
import { GuardOneCasePerWorker1763900000000 } from './1763900000000-guard-one-case-per-worker';
import { AddWorkerTrack1764000000000 } from './1764000000000-add-worker-track';
import { AddRaceOffers1764100000000 } from './1764100000000-add-race-offers';
import { AddIncidentAssist1764200000000 } from './1764200000000-add-incident-assist';
import { AddQueueAndOfferWindow1764300000000 } from './1764300000000-add-queue-and-offer-window';
import { AddDurableTimers1764400000000 } from './1764400000000-add-durable-timers';
import { AddGazetteer1765000000000 } from './1765000000000-add-gazetteer';
import { AddContactEvidence1764600000000 } from './1764600000000-add-contact-evidence';
import { ChainIncidentEvents1764500000000 } from './1764500000000-chain-incident-events';
import { AddIntakeSigning1765100000000 } from './1765100000000-add-intake-signing';
import { AddReportsAndPlacement1765300000000 } from './1765300000000-add-reports-and-placement';
import { AddCameras1765200000000 } from './1765200000000-add-cameras';
import { DropDerivedClockState1765400000000 } from './1765400000000-drop-derived-clock-state';
import { AddStepKeysAndDeliveryLog1765500000000 } from './1765500000000-add-step-keys-and-delivery-log';
import { AddPaging1765600000000 } from './1765600000000-add-paging';
import { AddDutyRoster1765700000000 } from './1765700000000-add-duty-roster';
import { AddPushSubscriptions1765800000000 } from './1765800000000-add-push-subscriptions';
import { AddAuthSessions1765910000000 } from './1765910000000-add-auth-sessions';
import { AddPersonalDataAccess1765920000000 } from './1765920000000-add-personal-data-access';
import { AddLoopClosure1765930000000 } from './1765930000000-add-loop-closure';
import { AddFeedback1765940000000 } from './1765940000000-add-feedback';
import { AddHandback1765950000000 } from './1765950000000-add-handback';
import { AddFollowup1765960000000 } from './1765960000000-add-followup';
import { AddMapTiles1765990000000 } from './1765990000000-add-map-tiles';
import { AddReviewRollups1766000000000 } from './1766000000000-add-review-rollups';
import { StationSearch1766010000000 } from './1766010000000-station-search';
import { AddLeaderRole1766020000000 } from './1766020000000-add-leader-role';
import { Onboarding1766030000000 } from './1766030000000-onboarding';
import { AddRegions1766040000000 } from './1766040000000-add-regions';
import { AddImportLog1766050000000 } from './1766050000000-add-import-log';
import { AddReviewPending1766060000000 } from './1766060000000-add-review-pending';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  CreateDispatchCore1763700000000,
  AddResponsibilityAndRecommendation1763800000000,
  GuardOneCasePerWorker1763900000000,
  AddWorkerTrack1764000000000,
  AddRaceOffers1764100000000,
  AddIncidentAssist1764200000000,
  AddQueueAndOfferWindow1764300000000,
  AddDurableTimers1764400000000,
  AddGazetteer1765000000000,
  AddContactEvidence1764600000000,
  ChainIncidentEvents1764500000000,
  AddIntakeSigning1765100000000,
  AddCameras1765200000000,
  AddReportsAndPlacement1765300000000,
  DropDerivedClockState1765400000000,
  AddStepKeysAndDeliveryLog1765500000000,
  AddPaging1765600000000,
  AddDutyRoster1765700000000,
  AddPushSubscriptions1765800000000,
  AddAuthSessions1765910000000,
  AddPersonalDataAccess1765920000000,
  AddLoopClosure1765930000000,
  AddFeedback1765940000000,
  AddHandback1765950000000,
  AddFollowup1765960000000,
  AddMapTiles1765990000000,
  AddReviewRollups1766000000000,
  StationSearch1766010000000,
  AddLeaderRole1766020000000,
  Onboarding1766030000000,
  AddRegions1766040000000,
  AddImportLog1766050000000,
  AddReviewPending1766060000000,
];
