/**
 * The 110 door on JetStream. A bridge publishes the same signed JSON as the HTTP door to
 * `xiaonao-intake.110.<townshipCode>`; the XIAONAO_INTAKE stream keeps it while the hub is down. Each
 * township has one durable pull consumer (`intake-110-<code>`): hub processes on the same database
 * share it, so exactly one of them takes each message. A message is acknowledged only after its
 * incident is committed and its receipt published, or after it was refused (with an error receipt, so a
 * bad message is not redelivered forever); a failure on the hub's side (database down) is redelivered
 * later. Runs only when NATS_URL is set: the in-process bus has no JetStream.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, Match, type NatsConnection } from '@nats-io/transport-node';
import { INTAKE_STREAM, INTAKE_SUBJECT_PREFIX, intake110ReceiptSubject, intake110Subject } from '@xiaonao/contracts';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { Database } from '../../persistence/database';
import { Intake110Message, type IntakeMessage } from './intake-110-message';

const NANOS_PER_MS = 1_000_000;
/** Kept a week, like the event bus: long enough for any outage, short enough to stay small. */
const STREAM_MAX_AGE_MS = 7 * 24 * 3600_000;
const ACK_WAIT_MS = 30_000;
/** Messages one process works on at once per township; the database pool (10) is the real limit. */
const MAX_IN_FLIGHT = 8;
/** A township code becomes a subject token and a consumer name: no dots, wildcards or blanks. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export const intakeConsumerName = (townshipCode: string) => `intake-110-${townshipCode}`;

/** Redelivery after a failure on the hub's side: a second, growing to half a minute while it lasts. */
export const retryDelayMs = (deliveryCount: number) => Math.min(30_000, 1_000 * 2 ** Math.min(5, Math.max(0, deliveryCount - 1)));

/** Creates the intake stream if it is missing (the hub's first start; a bridge may also create it). */
export async function ensureIntakeStream(jsm: JetStreamManager): Promise<void> {
  try {
    await jsm.streams.info(INTAKE_STREAM);
  } catch {
    await jsm.streams
      .add({ name: INTAKE_STREAM, subjects: [`${INTAKE_SUBJECT_PREFIX}.>`], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: STREAM_MAX_AGE_MS * NANOS_PER_MS })
      // Another hub process created it in between.
      .catch(() => jsm.streams.info(INTAKE_STREAM));
  }
}

async function ensureConsumer(jsm: JetStreamManager, townshipCode: string): Promise<void> {
  const config = {
    durable_name: intakeConsumerName(townshipCode),
    filter_subject: intake110Subject(townshipCode),
    ack_policy: AckPolicy.Explicit,
    // Everything the stream holds for the township the first time, then from where the consumer stopped.
    deliver_policy: DeliverPolicy.All,
    ack_wait: ACK_WAIT_MS * NANOS_PER_MS,
    max_ack_pending: 256,
    /**
     * A township no hub has served for as long as the stream keeps messages loses its consumer (test
     * townships would pile up otherwise). Nothing is lost: whatever the stream still holds then was
     * never taken, and a new consumer starts from the stream's first message.
     */
    inactive_threshold: STREAM_MAX_AGE_MS * NANOS_PER_MS,
  };
  const existing = await jsm.consumers.info(INTAKE_STREAM, config.durable_name).catch(() => null);
  if (!existing) {
    await jsm.consumers.add(INTAKE_STREAM, config).catch(() => jsm.consumers.info(INTAKE_STREAM, config.durable_name));
  } else if (existing.config.inactive_threshold !== config.inactive_threshold) {
    // Made by an earlier version without the threshold.
    await jsm.consumers.update(INTAKE_STREAM, config.durable_name, { inactive_threshold: config.inactive_threshold });
  }
}

function asIntakeMessage(msg: JsMsg): IntakeMessage {
  return { subject: msg.subject, seq: msg.seq, data: msg.data, time: msg.time, header: (name) => msg.headers?.get(name, Match.IgnoreCase) || undefined };
}

@Injectable()
export class JetStreamIntake implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JetStreamIntake');
  private nc: NatsConnection | null = null;
  private readonly feeds: { messages: ConsumerMessages; done: Promise<void> }[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(Intake110Message) private readonly handler: Intake110Message,
  ) {}

  /** After seeding (start-hub seeds before listening): every township loaded then gets its consumer. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.natsUrl) return;
    this.nc = await connect({ servers: this.config.natsUrl, name: 'xiaonao-hub-intake' });
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    await ensureIntakeStream(jsm);
    const townships = await this.db.query<{ code: string }>('SELECT code FROM township ORDER BY code');
    for (const { code } of townships) {
      if (!TOKEN.test(code)) {
        this.logger.warn(`township code "${code}" cannot name a NATS subject: its JetStream 110 door stays closed`);
        continue;
      }
      await ensureConsumer(jsm, code);
      const consumer = await js.consumers.get(INTAKE_STREAM, intakeConsumerName(code));
      const messages = await consumer.consume({ max_messages: MAX_IN_FLIGHT * 2 });
      this.feeds.push({ messages, done: this.follow(js, messages, code) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    // Stop taking messages, finish the ones in hand (their acks go out), then close.
    for (const feed of this.feeds) await feed.messages.close().catch(() => undefined);
    await Promise.all(this.feeds.map((f) => f.done));
    await this.nc?.drain().catch(() => undefined);
  }

  private async follow(js: JetStreamClient, messages: ConsumerMessages, townshipCode: string): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const msg of messages) {
        const work = this.take(js, msg, townshipCode).finally(() => inFlight.delete(work));
        inFlight.add(work);
        if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
    } catch (error) {
      this.logger.error(`JetStream 110 door of ${townshipCode} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    await Promise.all(inFlight);
  }

  private async take(js: JetStreamClient, msg: JsMsg, townshipCode: string): Promise<void> {
    const outcome = await this.handler.handle(asIntakeMessage(msg), townshipCode).catch((error: unknown) => ({ kind: 'retry' as const, reason: String(error) }));
    if (outcome.kind === 'retry') return msg.nak(retryDelayMs(msg.info.deliveryCount));
    try {
      // The receipt goes into the stream too, so a bridge that is down when it is sent still gets it.
      await js.publish(intake110ReceiptSubject(outcome.townshipCode), JSON.stringify(outcome.receipt));
    } catch (error) {
      // Not acknowledged without its receipt: the redelivery answers again (as a duplicate, if it was made).
      this.logger.warn(`receipt for message ${msg.seq} not published: ${error instanceof Error ? error.message : String(error)}`);
      return msg.nak(retryDelayMs(msg.info.deliveryCount));
    }
    msg.ack();
  }
}
