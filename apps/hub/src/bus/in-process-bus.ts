import type { BusEnvelope } from '@xiaonao/contracts';
import { EventBus, type BusHandler } from './event-bus';

/** The bus when NATS_URL is unset: same interface, delivery within this process only. */
export class InProcessBus extends EventBus {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Set<BusHandler>();

  publish(_subject: string, envelope: BusEnvelope): Promise<void> {
    for (const handler of this.handlers) queueMicrotask(() => handler(envelope));
    return Promise.resolve();
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  isUp(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}
