/**
 * How feedback is delivered, read from the environment once at boot into HubConfig.feedback (a bad
 * value stops the start like any other setting).
 *
 * FEEDBACK_RETRY_SCHEDULE_SECONDS  waits before each attempt, "0,5,300,…" (default: Svix's schedule)
 * FEEDBACK_POLL_MS                 how often due retries are looked for (default 1000)
 * FEEDBACK_TIMEOUT_MS              how long a receiver may take to answer (default 10000)
 * FEEDBACK_CONCURRENCY             cases sent to at once per process (default 32)
 */
import { FEEDBACK_RETRY_JITTER, FEEDBACK_RETRY_SCHEDULE_SECONDS, parseRetrySchedule, type RetryPolicy } from '@xiaonao/domain';
import { ConfigError } from '../config/config-error';
import { envInt, type Env } from '../config/env-values';

export interface FeedbackConfig {
  retry: RetryPolicy;
  pollMs: number;
  timeoutMs: number;
  concurrency: number;
  /** A claimed event is another process's to take again after this long (a crash mid-send). */
  leaseMs: number;
}

export function loadFeedbackConfig(env: Env): FeedbackConfig {
  let scheduleSeconds: readonly number[] = FEEDBACK_RETRY_SCHEDULE_SECONDS;
  const raw = env.FEEDBACK_RETRY_SCHEDULE_SECONDS;
  if (raw) {
    try {
      scheduleSeconds = parseRetrySchedule(raw);
    } catch (error) {
      throw new ConfigError(`FEEDBACK_RETRY_SCHEDULE_SECONDS 须为以逗号分隔、以0开头的秒数 / ${(error as Error).message}`);
    }
  }
  const timeoutMs = envInt(env, 'FEEDBACK_TIMEOUT_MS', 10_000, 100);
  return {
    retry: { scheduleSeconds, jitter: FEEDBACK_RETRY_JITTER },
    pollMs: envInt(env, 'FEEDBACK_POLL_MS', 1_000, 10),
    timeoutMs,
    concurrency: envInt(env, 'FEEDBACK_CONCURRENCY', 32, 1),
    leaseMs: timeoutMs + 30_000,
  };
}
