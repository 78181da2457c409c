import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { ApiKeyGuard, SessionGuard } from './auth/guards';
import { SignatureReplayGuard } from './auth/signature-replay-guard';
import { SignedIntegrationGuard } from './auth/signed-integration.guard';
import { SignedRequestVerifier } from './auth/signed-request-verifier';
import { PasswordHasher } from './auth/password-hasher';
import { LoginThrottle } from './auth/login-throttle';
import { SessionLiveness } from './auth/session-liveness';
import { SessionStore } from './auth/session-store';
import { SocketSessions } from './auth/socket-sessions';
import { EventBus } from './bus/event-bus';
import { Clock } from './clock/clock';
import { HUB_CONFIG, type HubConfig } from './config/hub-config';
import { ClockPolicyProvider } from './incidents/clock-policy';
import { AddAssistant } from './incidents/command/add-assistant.use-case';
import { AssignWorker } from './incidents/command/assign-worker.use-case';
import { ConfirmDispatch } from './incidents/command/confirm-dispatch.use-case';
import { DispatchPolicyProvider } from './incidents/dispatch/dispatch-policy';
import { OfferNext } from './incidents/dispatch/offer-next.use-case';
import { OfferWriter } from './incidents/dispatch/offer-writer';
import { IncidentQueries } from './incidents/incident-queries';
import { IncidentStore } from './incidents/incident-store';
import { IncidentsController } from './incidents/incidents.controller';
import { TimelineAudit } from './incidents/timeline-audit';
import { TimelineController } from './incidents/timeline.controller';
import { IntakeController } from './incidents/intake/intake.controller';
import { Intake110 } from './incidents/intake/intake-110.use-case';
import { DoorMessage } from './incidents/intake/door-message';
import { Intake12345 } from './incidents/intake/intake-12345.use-case';
import { Intake12345Controller } from './incidents/intake/intake-12345.controller';
import { SignedIntake } from './incidents/intake/signed-intake.use-case';
import { SignedMessageGate } from './auth/signed-message-gate';
import { IntakeLedger } from './incidents/intake/intake-ledger';
import { IntakeRefusals } from './incidents/intake/intake-refusals';
import { JetStreamIntake } from './incidents/intake/jetstream-intake';
import { IncidentCreator } from './incidents/intake/incident-creator';
import { TakeWorkerStep } from './incidents/respond/worker-step.use-case';
import { AutoArrival } from './incidents/respond/auto-arrival';
import { RecordCallAttempt } from './incidents/respond/call-attempt.use-case';
import { WorkerRelease } from './incidents/respond/worker-release';
import { OfferLapse } from './incidents/dispatch/offer-lapse';
import { TimerRunner } from './incidents/timers/timer-runner';
import { TimerStore } from './incidents/timers/timer-store';
import { TimeSource, timeSourceFor } from './clock/time-source';
import { ClockSettings } from './township/clock-settings';
import { ClockSettingsController } from './township/clock-settings.controller';
import { Sweeper } from './incidents/sweep/sweeper.service';
import { hubLogging, type LogDestination } from './logging/hub-logging';
import { MetricsService } from './ops/metrics.service';
import { OpsController } from './ops/ops.controller';
import { Outbox, outboxTapsProvider } from './outbox/outbox';
import { Database } from './persistence/database';
import { PlacesFeature } from './places/places.module';
import { CamerasFeature } from './cameras/cameras.feature';
import { ReportsFeature } from './incidents/reports/reports.feature';
import { FieldFeature } from './field/field.feature';
import { NotifyFeature } from './notify/notify.feature';
import { RosterFeature } from './roster/roster.feature';
import { PrivacyFeature } from './privacy/privacy.feature';
import { InteropFeature } from './interop/interop.feature';
import { FeedbackFeature } from './feedback/feedback.feature';
import { Open311Feature } from './open311/open311.feature';
import { HandbackFeature } from './handback/handback.feature';
import { FollowUpFeature } from './followup/followup.feature';
import { MapTilesFeature } from './township/map-tiles.feature';
import { StationFeature } from './station/station.feature';
import { ReviewFeature } from './review/review.feature';
import { RegionFeature } from './region/region.feature';
import { OnboardingFeature } from './onboarding/onboarding.feature';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { Routing } from './routing/routing';
import { SocketPublisher } from './realtime/socket-publisher';
import { SeedTownship } from './township/seed-township';
import { ResponsibilitiesController } from './township/responsibilities.controller';
import { ResponsibilityTable } from './township/responsibility-table';
import { TownshipController } from './township/township.controller';
import { TownshipDirectory } from './township/township-directory';
import { PositionBuffer } from './workers/position-buffer';
import { PositionService } from './workers/position.service';
import { WorkerQueries } from './workers/worker-queries';
import { WorkerStore } from './workers/worker-store';
import { WorkersController } from './workers/workers.controller';

/** The adapters to the world, opened before Nest starts so that start-up fails fast and clearly. */
export interface HubAdapters {
  config: HubConfig;
  db: Database;
  bus: EventBus;
  clock: Clock;
  /** Where log lines go instead of standard output (tests read them). */
  logDestination?: LogDestination;
}

@Module({})
export class AppModule {
  static with(adapters: HubAdapters): DynamicModule {
    return {
      module: AppModule,
      imports: [hubLogging(adapters.config, adapters.logDestination), JwtModule.register({ secret: adapters.config.security.jwtSecret })],
      controllers: [AuthController, TownshipController, ResponsibilitiesController, ClockSettingsController, WorkersController, IncidentsController, TimelineController, IntakeController, Intake12345Controller, OpsController, ...PlacesFeature.controllers, ...ReportsFeature.controllers, ...CamerasFeature.controllers, ...FieldFeature.controllers, ...NotifyFeature.controllers, ...RosterFeature.controllers, ...PrivacyFeature.controllers, ...InteropFeature.controllers, ...FeedbackFeature.controllers, ...Open311Feature.controllers, ...HandbackFeature.controllers, ...FollowUpFeature.controllers, ...MapTilesFeature.controllers, ...StationFeature.controllers, ...ReviewFeature.controllers, ...RegionFeature.controllers, ...OnboardingFeature.controllers],
      providers: [
        { provide: HUB_CONFIG, useValue: adapters.config },
        { provide: Database, useValue: adapters.db },
        { provide: EventBus, useValue: adapters.bus },
        { provide: Clock, useValue: adapters.clock },
        { provide: TimeSource, useValue: timeSourceFor(adapters.clock, adapters.db) },
        MetricsService,
        PasswordHasher,
        AuthService,
        LoginThrottle,
        SessionStore,
        SessionLiveness,
        SocketSessions,
        SessionGuard,
        ApiKeyGuard,
        SignatureReplayGuard,
        SignedRequestVerifier,
        SignedIntegrationGuard,
        Outbox,
        TownshipDirectory,
        SeedTownship,
        ResponsibilityTable,
        WorkerStore,
        PositionBuffer,
        PositionService,
        WorkerQueries,
        ClockPolicyProvider,
        IncidentStore,
        IncidentQueries,
        TimelineAudit,
        DispatchPolicyProvider,
        Routing,
        OfferWriter,
        OfferNext,
        IncidentCreator,
        Intake110,
        IntakeLedger,
        IntakeRefusals,
        SignedMessageGate,
        DoorMessage,
        SignedIntake,
        Intake12345,
        JetStreamIntake,
        TakeWorkerStep,
        RecordCallAttempt,
        AutoArrival,
        WorkerRelease,
        OfferLapse,
        TimerStore,
        TimerRunner,
        ClockSettings,
        ConfirmDispatch,
        AssignWorker,
        AddAssistant,
        Sweeper,
        SocketPublisher,
        RealtimeGateway,
        ...PlacesFeature.providers,
        ...ReportsFeature.providers,
        ...CamerasFeature.providers,
        ...FieldFeature.providers,
        ...NotifyFeature.providers,
        ...RosterFeature.providers,
        ...PrivacyFeature.providers,
        ...InteropFeature.providers,
        ...FeedbackFeature.providers,
        ...Open311Feature.providers,
        ...HandbackFeature.providers,
        ...FollowUpFeature.providers,
        ...MapTilesFeature.providers,
        ...StationFeature.providers,
        ...ReviewFeature.providers,
        ...RegionFeature.providers,
        ...OnboardingFeature.providers,
        outboxTapsProvider([...FeedbackFeature.taps, ...ReviewFeature.taps]),
      ],
    };
  }
}
