/**
 * Hand-backs (退回公安, 移交12345, the station's 签收), joined to AppModule's own lists like the other
 * features: the routes use the session guard whose AuthService lives there, and the use cases share its
 * IncidentStore, WorkerRelease and Outbox.
 */
import { AcknowledgeReturn } from './acknowledge.use-case';
import { HandBack } from './hand-back.use-case';
import { HandbackController } from './handback.controller';
import { HandbackStore } from './handback-store';
import { StationReturns } from './station-returns';

export const HandbackFeature = {
  controllers: [HandbackController],
  providers: [HandbackStore, HandBack, AcknowledgeReturn, StationReturns],
} as const;
