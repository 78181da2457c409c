/**
 * The phone's IndexedDB (through `idb`): the queue of worker steps not yet confirmed by the hub, and
 * the last state seen from the hub, for an offline reload. One database, opened once per page.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { IncidentView, OfferView } from '@xiaonao/contracts';
import type { QueuedStep, StepStore } from './step-queue';

/** What the phone last knew, shown after a reload with no network. */
export interface PhoneSnapshot {
  workerId: string;
  /** When the hub last confirmed this state (ms). */
  savedAt: number;
  onDuty: boolean;
  offers: OfferView[];
  incidents: IncidentView[];
}

interface PhoneDb extends DBSchema {
  steps: { key: number; value: QueuedStep };
  snapshots: { key: string; value: PhoneSnapshot };
}

let opening: Promise<IDBPDatabase<PhoneDb>> | null = null;

function db(): Promise<IDBPDatabase<PhoneDb>> {
  opening ??= openDB<PhoneDb>('xiaonao-phone', 1, {
    upgrade(database) {
      // Auto-increment keys keep the steps in the order they were tapped.
      database.createObjectStore('steps', { keyPath: 'order', autoIncrement: true });
      database.createObjectStore('snapshots', { keyPath: 'workerId' });
    },
  });
  return opening;
}

export const idbStepStore: StepStore = {
  async all(workerId) {
    const steps = await (await db()).getAll('steps');
    return steps.filter((s) => s.workerId === workerId);
  },
  async add(step) {
    const { order: _order, ...record } = step;
    return (await db()).add('steps', record as QueuedStep);
  },
  async remove(orders) {
    const tx = (await db()).transaction('steps', 'readwrite');
    await Promise.all([...orders.map((order) => tx.store.delete(order)), tx.done]);
  },
};

export async function saveSnapshot(snapshot: PhoneSnapshot): Promise<void> {
  await (await db()).put('snapshots', snapshot);
}

export async function loadSnapshot(workerId: string): Promise<PhoneSnapshot | undefined> {
  return (await db()).get('snapshots', workerId);
}
