import { Logger } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { BUS_STREAM, BUS_SUBJECT_PREFIX, type BusEnvelope } from '@xiaonao/contracts';
import { EventBus, type BusHandler } from './event-bus';
import { connectNats, ensureStream } from './nats-setup';

const ALL_SUBJECTS = `${BUS_SUBJECT_PREFIX}.>`;

/** NATS with JetStream: messages are kept in the XIAONAO stream so another process can replay a township. */
export class NatsBus extends EventBus {
  readonly kind = 'nats' as const;
  private readonly handlers = new Set<BusHandler>();
  private subscription: Subscription | null = null;
  /** False from a disconnect until the client has reconnected. */
  private connected = true;
  private readonly logger = new Logger('Bus');

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
  ) {
    super();
    this.followStatus();
  }

  static async connect(url: string, replicas = 1): Promise<NatsBus> {
    const nc = await connectNats(url, 'xiaonao-hub');
    await ensureStream(await jetstreamManager(nc), { name: BUS_STREAM, subjects: [ALL_SUBJECTS], max_age: 7 * 24 * 3600 * 1_000_000_000 }, replicas);
    return new NatsBus(nc, jetstream(nc));
  }

  async publish(subject: string, envelope: BusEnvelope): Promise<void> {
    // While the client reconnects a publish would wait out JetStream's timeout (about 5 s) holding the
    // outbox relay's lock, and the relay would start late once NATS is back: refuse at once, the rows wait.
    if (!this.connected) throw new Error('NATS is not connected (reconnecting); the news waits in the outbox');
    await this.js.publish(subject, JSON.stringify(envelope));
  }

  private followStatus(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        else if (status.type === 'reconnect') this.connected = true;
      }
    })().catch(() => undefined);
  }

  /**
   * One NATS subscription for the whole process, parsed once and handed to every handler (the sockets,
   * the live index, the EIDO feed): a subscription per handler had NATS deliver and the hub parse each
   * message once per handler, and positions are most of the traffic.
   */
  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    this.subscription ??= this.nc.subscribe(ALL_SUBJECTS, { callback: (error, msg) => (error ? undefined : this.deliver(msg)) });
    return () => {
      this.handlers.delete(handler);
      if (this.handlers.size === 0 && this.subscription) {
        this.subscription.unsubscribe();
        this.subscription = null;
      }
    };
  }

  private deliver(msg: Msg): void {
    // Anyone may publish under our subjects; one message that is not JSON must not take the hub's bus down.
    let envelope: BusEnvelope;
    try {
      envelope = msg.json<BusEnvelope>();
    } catch {
      this.logger.warn(`ignored a message on ${msg.subject} that is not JSON`);
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(envelope);
      } catch (error) {
        // One handler's failure is its own: the others still hear the news.
        this.logger.warn(`a bus handler failed on ${msg.subject}: ${String(error)}`);
      }
    }
  }

  async isUp(): Promise<boolean> {
    return (await this.check()) === null;
  }

  /** A round trip to the server; while the client reconnects a flush would wait, so it gets a second. */
  override async check(): Promise<string | null> {
    if (this.nc.isClosed()) return 'connection closed';
    if (!this.connected) return 'disconnected, reconnecting';
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer within 1 s (reconnecting?)'), 1_000)));
    try {
      return await Promise.race([this.nc.flush().then(() => null), late]);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.handlers.clear();
    await this.nc.drain();
  }
}
