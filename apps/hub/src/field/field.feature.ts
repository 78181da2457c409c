/**
 * The field end of the loop: idempotent worker steps, catch-up after a drop, phone settings. Joined to
 * AppModule's lists like PlacesFeature (the session guard's AuthService lives there).
 */
import { FieldController } from './field.controller';
import { MissedEvents } from './missed-events';
import { StepReceipts } from './step-receipts';

export const FieldFeature = {
  controllers: [FieldController],
  providers: [MissedEvents, StepReceipts],
} as const;
