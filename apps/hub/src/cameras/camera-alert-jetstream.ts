/**
 * The camera alerts' door on JetStream. A video platform publishes the same signed JSON as the HTTP
 * door to `xiaonao-intake.camera.<townshipCode>`; its stream (XIAONAO_CAMERA_INTAKE) keeps it while the
 * hub is down. One durable pull consumer per township (`intake-camera-<code>`), shared by the hub
 * processes on the same database, so one of them takes each message. A message is acknowledged once its
 * receipt is published; a fault of the hub's is redelivered later. Runs only when NATS_URL is set.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Match, type NatsConnection } from '@nats-io/transport-node';
import { CAMERA_INTAKE_STREAM, CAMERA_INTAKE_SUBJECT_PREFIX, cameraAlertReceiptSubject, cameraAlertSubject } from '@xiaonao/contracts';
import { connectNats, ensureStream } from '../bus/nats-setup';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { retryDelayMs } from '../incidents/intake/jetstream-intake';
import { Database } from '../persistence/database';
import { CameraAlertMessage } from './camera-alert-message';

const NANOS_PER_MS = 1_000_000;
/** Kept a day: a camera alert older than that opens no case anyway (ALERT_MAX_AGE_MS). */
const STREAM_MAX_AGE_MS = 24 * 3600_000;
const ACK_WAIT_MS = 30_000;
/** Alerts one process works on at once per township: one camera's take turns anyway, the pool (10) is the limit. */
const MAX_IN_FLIGHT = 16;
/** A township code becomes a subject token and a consumer name. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export const cameraConsumerName = (townshipCode: string) => `intake-camera-${townshipCode}`;

/** Creates the stream if it is missing (the hub's first start; a platform may also create it). */
export async function ensureCameraStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  await ensureStream(
    jsm,
    { name: CAMERA_INTAKE_STREAM, subjects: [`${CAMERA_INTAKE_SUBJECT_PREFIX}.>`], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: STREAM_MAX_AGE_MS * NANOS_PER_MS },
    replicas,
  );
}

async function ensureConsumer(jsm: JetStreamManager, townshipCode: string): Promise<void> {
  const config = {
    durable_name: cameraConsumerName(townshipCode),
    filter_subject: cameraAlertSubject(townshipCode),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: ACK_WAIT_MS * NANOS_PER_MS,
    max_ack_pending: 512,
    // A township no hub follows for a day (a test's, a removed one's) loses its consumer; a hub back after
    // longer makes it again and is handed what the stream still holds (a day), answered as duplicates.
    inactive_threshold: STREAM_MAX_AGE_MS * NANOS_PER_MS,
  };
  try {
    await jsm.consumers.info(CAMERA_INTAKE_STREAM, config.durable_name);
  } catch {
    await jsm.consumers.add(CAMERA_INTAKE_STREAM, config).catch(() => jsm.consumers.info(CAMERA_INTAKE_STREAM, config.durable_name));
  }
}

@Injectable()
export class CameraAlertJetStream implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CameraAlertJetStream');
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private readonly feeds: { messages: ConsumerMessages; done: Promise<void> }[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(CameraAlertMessage) private readonly handler: CameraAlertMessage,
  ) {}

  /** After seeding: every township loaded then gets its consumer. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.natsUrl) return;
    this.nc = await connectNats(this.config.natsUrl, 'xiaonao-hub-camera-intake');
    const jsm = await jetstreamManager(this.nc);
    this.js = jetstream(this.nc);
    await ensureCameraStream(jsm, this.config.natsStreamReplicas);
    for (const { code } of await this.db.query<{ code: string }>('SELECT code FROM township ORDER BY code')) {
      if (!TOKEN.test(code)) {
        this.logger.warn(`township code "${code}" cannot name a NATS subject: its JetStream camera door stays closed`);
        continue;
      }
      await ensureConsumer(jsm, code);
      const consumer = await this.js.consumers.get(CAMERA_INTAKE_STREAM, cameraConsumerName(code));
      const messages = await consumer.consume({ max_messages: MAX_IN_FLIGHT * 2 });
      this.feeds.push({ messages, done: this.follow(messages, code) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const feed of this.feeds) await feed.messages.close().catch(() => undefined);
    await Promise.all(this.feeds.map((f) => f.done));
    await this.nc?.drain().catch(() => undefined);
  }

  private async follow(messages: ConsumerMessages, townshipCode: string): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const msg of messages) {
        const work = this.take(msg, townshipCode).finally(() => inFlight.delete(work));
        inFlight.add(work);
        if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
    } catch (error) {
      this.logger.error(`JetStream camera door of ${townshipCode} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    await Promise.all(inFlight);
  }

  private async take(msg: JsMsg, townshipCode: string): Promise<void> {
    const message = { subject: msg.subject, seq: msg.seq, data: msg.data, time: msg.time, header: (name: string) => msg.headers?.get(name, Match.IgnoreCase) || undefined };
    const outcome = await this.handler.handle(message, townshipCode).catch((error: unknown) => ({ kind: 'retry' as const, reason: String(error) }));
    if (outcome.kind === 'retry') return msg.nak(retryDelayMs(msg.info.deliveryCount));
    try {
      await (this.js as JetStreamClient).publish(cameraAlertReceiptSubject(townshipCode), JSON.stringify(outcome.receipt));
    } catch (error) {
      // Not acknowledged without its receipt: the redelivery answers again (as a duplicate, if it was counted).
      this.logger.warn(`receipt for camera message ${msg.seq} not published: ${error instanceof Error ? error.message : String(error)}`);
      return msg.nak(retryDelayMs(msg.info.deliveryCount));
    }
    msg.ack();
  }
}
