/**
 * The JetStream door: each event is published to `xiaonao-feedback.<kind>.<township>.<integration>` on
 * the XIAONAO_FEEDBACK stream with Nats-Msg-Id = the event id, so a resend inside the stream's duplicate
 * window is dropped by the server. The publish ack counts as delivery. The only place feedback touches
 * NATS; off (null) without NATS_URL.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, ensureStream } from '../bus/nats-setup';
import { FEEDBACK_STREAM, FEEDBACK_SUBJECT_PREFIX } from '@xiaonao/contracts';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import type { DoorResult } from './webhook-door';

const NANOS_PER_MS = 1_000_000;
/** Kept a week like the other streams: a receiver's consumer can be down that long and catch up. */
const STREAM_MAX_AGE_MS = 7 * 24 * 3600_000;
/** Server-side dedupe by Nats-Msg-Id this long: covers a crash between publish and our mark. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

@Injectable()
export class FeedbackJetStream implements OnModuleDestroy {
  private readonly logger = new Logger('FeedbackJetStream');
  private connecting: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  get enabled(): boolean {
    return this.config.natsUrl !== null;
  }

  async publish(subject: string, eventId: string, body: string, timeoutMs: number): Promise<DoorResult> {
    try {
      const { js } = await this.client();
      await js.publish(subject, body, { msgID: eventId, timeout: timeoutMs });
      return { ok: true, status: null, error: null };
    } catch (error) {
      return { ok: false, status: null, error: (error instanceof Error ? error.message : String(error)).slice(0, 300) };
    }
  }

  async onModuleDestroy(): Promise<void> {
    const open = this.connecting;
    this.connecting = null;
    if (open) await open.then(({ nc }) => nc.drain()).catch(() => undefined);
  }

  private client(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    if (!this.config.natsUrl) return Promise.reject(new Error('NATS_URL is not set'));
    if (!this.connecting) {
      const url = this.config.natsUrl;
      this.connecting = (async () => {
        const nc = await connectNats(url, 'xiaonao-feedback');
        await ensureStream(
          await jetstreamManager(nc),
          {
            name: FEEDBACK_STREAM,
            subjects: [`${FEEDBACK_SUBJECT_PREFIX}.>`],
            retention: RetentionPolicy.Limits,
            storage: StorageType.File,
            max_age: STREAM_MAX_AGE_MS * NANOS_PER_MS,
            duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
          },
          this.config.natsStreamReplicas,
        );
        return { nc, js: jetstream(nc) };
      })();
      // A failed connection is tried again on the next send.
      this.connecting.catch((error: unknown) => {
        this.logger.warn(`NATS for feedback not reachable: ${String(error)}`);
        this.connecting = null;
      });
    }
    return this.connecting;
  }
}
