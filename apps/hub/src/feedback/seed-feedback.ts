/** A seed's feedback subscription for one API key, written in the seed's transaction. */
import type { FeedbackSubscriptionRequest } from '@xiaonao/contracts';
import { DEFAULT_RESULT_CODES, FEEDBACK_RETRY_SCHEDULE_SECONDS } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';

export async function seedFeedbackSubscription(tx: Sql, townshipId: string, apiKeyId: string, f: FeedbackSubscriptionRequest): Promise<void> {
  await tx.query(
    `INSERT INTO feedback_subscription (township_id, api_key_id, webhook_url, webhook_secret, jetstream, result_codes, camera_owners, max_attempts, enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      townshipId,
      apiKeyId,
      f.webhookUrl ?? null,
      f.webhookSecret ?? null,
      f.jetstream ?? false,
      JSON.stringify(f.resultCodes ?? DEFAULT_RESULT_CODES),
      f.cameraOwners ?? [],
      f.maxAttempts ?? FEEDBACK_RETRY_SCHEDULE_SECONDS.length,
      f.enabled ?? true,
    ],
  );
}
