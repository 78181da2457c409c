/**
 * The signed doors on JetStream (110, 12345). A bridge publishes the same signed JSON as the HTTP door
 * to `xiaonao-intake.110.<townshipCode>` (12345: `xiaonao-intake.12345.<townshipCode>`); the door's
 * stream (XIAONAO_INTAKE, XIAONAO_INTAKE_12345) keeps it while the hub is down. Each township has one
 * durable pull consumer per door (`intake-110-<code>`, `intake-12345-<code>`): hub processes on the
 * same database share it, so exactly one of them takes each message. A message is acknowledged only after its
 * incident is committed and its receipt published, or after it was refused (with an error receipt, so a
 * bad message is not redelivered forever); a failure on the hub's side (database down) is redelivered
 * later. Runs only when NATS_URL is set: the in-process bus has no JetStream.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Match, type NatsConnection } from '@nats-io/transport-node';
import { connectNats, ensureStream } from '../../bus/nats-setup';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { Database } from '../../persistence/database';
import { DoorMessage, type IntakeMessage } from './door-message';
import { Intake110 } from './intake-110.use-case';
import { Intake12345 } from './intake-12345.use-case';
import { DOOR_110, type DoorIntake, type SignedDoor } from './signed-door';

const NANOS_PER_MS = 1_000_000;
/** Kept a week, like the event bus: long enough for any outage, short enough to stay small. */
const STREAM_MAX_AGE_MS = 7 * 24 * 3600_000;
const ACK_WAIT_MS = 30_000;
/** Messages one process works on at once per township; the database pool (10) is the real limit. */
const MAX_IN_FLIGHT = 8;
/** A township code becomes a subject token and a consumer name: no dots, wildcards or blanks. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export const intakeConsumerName = (townshipCode: string, door: SignedDoor = DOOR_110) => door.jetstream.consumer(townshipCode);

/** Redelivery after a failure on the hub's side: a second, growing to half a minute while it lasts. */
export const retryDelayMs = (deliveryCount: number) => Math.min(30_000, 1_000 * 2 ** Math.min(5, Math.max(0, deliveryCount - 1)));

/** Creates a door's intake stream if it is missing (the hub's first start; a bridge may also create it). */
export async function ensureIntakeStream(jsm: JetStreamManager, door: SignedDoor = DOOR_110, replicas = 1): Promise<void> {
  const { stream, subjectPrefix } = door.jetstream;
  await ensureStream(jsm, { name: stream, subjects: [`${subjectPrefix}.>`], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: STREAM_MAX_AGE_MS * NANOS_PER_MS }, replicas);
}

async function ensureConsumer(jsm: JetStreamManager, door: SignedDoor, townshipCode: string): Promise<void> {
  const stream = door.jetstream.stream;
  const config = {
    durable_name: intakeConsumerName(townshipCode, door),
    filter_subject: door.jetstream.subject(townshipCode),
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
  const existing = await jsm.consumers.info(stream, config.durable_name).catch(() => null);
  if (!existing) {
    await jsm.consumers.add(stream, config).catch(() => jsm.consumers.info(stream, config.durable_name));
  } else if (existing.config.inactive_threshold !== config.inactive_threshold) {
    // Made by an earlier version without the threshold.
    await jsm.consumers.update(stream, config.durable_name, { inactive_threshold: config.inactive_threshold });
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
  /** Every signed door with a JetStream subject, each with a consumer per township. */
  private readonly doors: DoorIntake[];

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(DoorMessage) private readonly handler: DoorMessage,
    @Inject(Intake110) intake110: Intake110,
    @Inject(Intake12345) intake12345: Intake12345,
  ) {
    this.doors = [intake110, intake12345];
  }

  /** After seeding (start-hub seeds before listening): every township loaded then gets its consumer. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.natsUrl) return;
    this.nc = await connectNats(this.config.natsUrl, 'xiaonao-hub-intake');
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    for (const intake of this.doors) await ensureIntakeStream(jsm, intake.door, this.config.natsStreamReplicas);
    const townships = await this.db.query<{ code: string }>('SELECT code FROM township ORDER BY code');
    for (const { code } of townships) {
      if (!TOKEN.test(code)) {
        this.logger.warn(`township code "${code}" cannot name a NATS subject: its JetStream 110 and 12345 doors stay closed`);
        continue;
      }
      for (const intake of this.doors) {
        await ensureConsumer(jsm, intake.door, code);
        const consumer = await js.consumers.get(intake.door.jetstream.stream, intakeConsumerName(code, intake.door));
        const messages = await consumer.consume({ max_messages: MAX_IN_FLIGHT * 2 });
        this.feeds.push({ messages, done: this.follow(js, intake, messages, code) });
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    // Stop taking messages, finish the ones in hand (their acks go out), then close.
    for (const feed of this.feeds) await feed.messages.close().catch(() => undefined);
    await Promise.all(this.feeds.map((f) => f.done));
    await this.nc?.drain().catch(() => undefined);
  }

  private async follow(js: JetStreamClient, intake: DoorIntake, messages: ConsumerMessages, townshipCode: string): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const msg of messages) {
        const work = this.take(js, intake, msg, townshipCode).finally(() => inFlight.delete(work));
        inFlight.add(work);
        if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
    } catch (error) {
      this.logger.error(`JetStream ${intake.door.source} door of ${townshipCode} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    await Promise.all(inFlight);
  }

  private async take(js: JetStreamClient, intake: DoorIntake, msg: JsMsg, townshipCode: string): Promise<void> {
    const outcome = await this.handler.handle(intake, asIntakeMessage(msg), townshipCode).catch((error: unknown) => ({ kind: 'retry' as const, reason: String(error) }));
    if (outcome.kind === 'retry') return msg.nak(retryDelayMs(msg.info.deliveryCount));
    try {
      // The receipt goes into the stream too, so a bridge that is down when it is sent still gets it.
      await js.publish(intake.door.jetstream.receiptSubject(outcome.townshipCode), JSON.stringify(outcome.receipt));
    } catch (error) {
      // Not acknowledged without its receipt: the redelivery answers again (as a duplicate, if it was made).
      this.logger.warn(`receipt for message ${msg.seq} not published: ${error instanceof Error ? error.message : String(error)}`);
      return msg.nak(retryDelayMs(msg.info.deliveryCount));
    }
    msg.ack();
  }
}
