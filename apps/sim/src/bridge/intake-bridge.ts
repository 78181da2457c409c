/**
 * Plays the 110 side's bridge on JetStream (tests, benchmarks): publishes signed cases to one
 * township's intake subject and collects the hub's receipts by the request's stream sequence.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { API_KEY_HEADER, INTAKE_STREAM, intake110ReceiptSubject, intake110Subject, type Intake110ReceiptMessage } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../../hub/src/auth/request-signature';
import { ensureIntakeStream, intakeConsumerName } from '../../../hub/src/incidents/intake/jetstream-intake';

export interface PublishOptions {
  secret?: string;
  timestamp?: number;
  /** Headers to leave out or replace (junk tests). */
  headers?: Record<string, string | undefined>;
}

export class IntakeBridge {
  readonly receipts: Intake110ReceiptMessage[] = [];
  private waiters: { seq: number; resolve: (r: Intake110ReceiptMessage) => void }[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly sub: Subscription,
    readonly townshipCode: string,
  ) {}

  /** Creates the stream if the hub has not yet: a bridge may publish before the hub ever ran. */
  static async open(natsUrl: string, townshipCode: string): Promise<IntakeBridge> {
    const nc = await connect({ servers: natsUrl, name: 'xiaonao-sim-110-bridge' });
    const jsm = await jetstreamManager(nc);
    await ensureIntakeStream(jsm);
    let bridge: IntakeBridge | null = null;
    const sub = nc.subscribe(intake110ReceiptSubject(townshipCode), {
      callback: (error, msg) => {
        if (!error) bridge?.take(msg.json<Intake110ReceiptMessage>());
      },
    });
    bridge = new IntakeBridge(nc, jetstream(nc), jsm, sub, townshipCode);
    await nc.flush();
    return bridge;
  }

  /** Publishes `body` (an object, or raw text sent as is) signed with the key; resolves with its stream sequence. */
  async publish(apiKey: string, body: unknown, options: PublishOptions = {}): Promise<number> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const h = headers();
    const signed = { [API_KEY_HEADER]: apiKey, ...signatureHeaders(options.secret ?? defaultSigningSecret(apiKey), raw, options.timestamp), ...options.headers };
    for (const [name, value] of Object.entries(signed)) if (value !== undefined) h.set(name, value);
    const ack = await this.js.publish(intake110Subject(this.townshipCode), raw, { headers: h });
    return ack.seq;
  }

  /** Publishes exactly these bytes and headers, unsigned unless the caller signed them. */
  async publishRaw(raw: Uint8Array | string, hdrs: Record<string, string>): Promise<number> {
    const h = headers();
    for (const [name, value] of Object.entries(hdrs)) h.set(name, value);
    return (await this.js.publish(intake110Subject(this.townshipCode), raw, { headers: h })).seq;
  }

  receipt(seq: number, timeoutMs = 15_000): Promise<Intake110ReceiptMessage> {
    const seen = this.receipts.find((r) => r.sequence === seq);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no receipt for message ${seq} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ seq, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Stops listening; with `cleanUp`, also removes the township's messages, receipts and durable consumer (tests, benchmarks). */
  async close(cleanUp = true): Promise<void> {
    this.sub.unsubscribe();
    if (!cleanUp) return this.nc.close();
    await this.jsm.consumers.delete(INTAKE_STREAM, intakeConsumerName(this.townshipCode)).catch(() => false);
    await this.jsm.streams.purge(INTAKE_STREAM, { filter: `${intake110Subject(this.townshipCode)}.>` }).catch(() => undefined);
    await this.jsm.streams.purge(INTAKE_STREAM, { filter: intake110Subject(this.townshipCode) }).catch(() => undefined);
    await this.nc.close();
  }

  private take(receipt: Intake110ReceiptMessage): void {
    this.receipts.push(receipt);
    this.waiters = this.waiters.filter((w) => (w.seq === receipt.sequence ? (w.resolve(receipt), false) : true));
  }
}
