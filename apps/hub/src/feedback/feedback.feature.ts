/**
 * Results back to the sender (#11), joined to AppModule's lists like the other features. The outbox
 * gets the feedback tap through OUTBOX_TAPS, so it writes feedback events without knowing of them.
 */
import type { FactoryProvider } from '@nestjs/common';
import { OUTBOX_TAPS, type OutboxTap } from '../outbox/outbox';
import { FeedbackController } from './feedback.controller';
import { FeedbackDelivery } from './feedback-delivery';
import { FeedbackQueue } from './feedback-queue';
import { FeedbackSubscriptions } from './feedback-subscriptions';
import { FeedbackTap } from './feedback-tap';
import { FeedbackJetStream } from './jetstream-door';

const outboxTaps: FactoryProvider<OutboxTap[]> = { provide: OUTBOX_TAPS, useFactory: (feedback: FeedbackTap) => [feedback], inject: [FeedbackTap] };

export const FeedbackFeature = {
  controllers: [FeedbackController],
  providers: [
    FeedbackTap,
    outboxTaps,
    FeedbackQueue,
    FeedbackJetStream,
    FeedbackDelivery,
    FeedbackSubscriptions,
  ],
} as const;
