/**
 * Results back to the sender (#11), joined to AppModule's lists like the other features. The outbox
 * gets the feedback tap through OUTBOX_TAPS (AppModule's outboxTapsProvider over every feature's
 * `taps`), so it writes feedback events without knowing of them.
 */
import { FeedbackController } from './feedback.controller';
import { FeedbackDelivery } from './feedback-delivery';
import { FeedbackQueue } from './feedback-queue';
import { FeedbackSubscriptions } from './feedback-subscriptions';
import { FeedbackTap } from './feedback-tap';
import { FeedbackJetStream } from './jetstream-door';

export const FeedbackFeature = {
  taps: [FeedbackTap],
  controllers: [FeedbackController],
  providers: [
    FeedbackTap,
    FeedbackQueue,
    FeedbackJetStream,
    FeedbackDelivery,
    FeedbackSubscriptions,
  ],
} as const;
