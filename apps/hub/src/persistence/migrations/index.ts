import { CreateDispatchCore1763700000000 } from './1763700000000-create-dispatch-core';
import { AddResponsibilityAndRecommendation1763800000000 } from './1763800000000-add-responsibility-and-recommendation';
import { GuardOneCasePerWorker1763900000000 } from './1763900000000-guard-one-case-per-worker';
import { AddWorkerTrack1764000000000 } from './1764000000000-add-worker-track';
import { AddRaceOffers1764100000000 } from './1764100000000-add-race-offers';
import { AddIncidentAssist1764200000000 } from './1764200000000-add-incident-assist';
import { AddQueueAndOfferWindow1764300000000 } from './1764300000000-add-queue-and-offer-window';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  CreateDispatchCore1763700000000,
  AddResponsibilityAndRecommendation1763800000000,
  GuardOneCasePerWorker1763900000000,
  AddWorkerTrack1764000000000,
  AddRaceOffers1764100000000,
  AddIncidentAssist1764200000000,
  AddQueueAndOfferWindow1764300000000,
];
