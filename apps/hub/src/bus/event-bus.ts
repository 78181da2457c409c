/**
 * Carries news of what PostgreSQL already holds (see the outbox) to whoever follows a township:
 * this hub's socket gateway, other hub processes, other systems. One interface, two adapters.
 */
import type { BusEnvelope } from '@xiaonao/contracts';

export type BusHandler = (envelope: BusEnvelope) => void;

export abstract class EventBus {
  abstract readonly kind: 'nats' | 'in-process';
  /** Durable when the adapter can be (JetStream); resolves once the bus has taken the message. */
  abstract publish(subject: string, envelope: BusEnvelope): Promise<void>;
  /** Every envelope on every township's subjects, as it arrives. Returns an unsubscribe function. */
  abstract subscribe(handler: BusHandler): () => void;
  abstract isUp(): Promise<boolean>;
  /** null when the bus answers; otherwise what is wrong. */
  async check(): Promise<string | null> {
    return (await this.isUp()) ? null : 'no answer';
  }
  abstract close(): Promise<void>;
}
