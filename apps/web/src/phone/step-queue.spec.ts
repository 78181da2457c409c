import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '@xiaonao/contracts';
import { ApiError } from '../shared/api-client';
import { classify, newStepKey, StepQueue, type QueuedStep, type StepStore } from './step-queue';

function memoryStore(): StepStore & { rows: QueuedStep[] } {
  let next = 1;
  const rows: QueuedStep[] = [];
  return {
    rows,
    all: (workerId) => Promise.resolve(rows.filter((r) => r.workerId === workerId)),
    add: (step) => {
      const order = next++;
      rows.push({ ...step, order } as QueuedStep);
      return Promise.resolve(order);
    },
    remove: (orders) => {
      for (const order of orders) rows.splice(rows.findIndex((r) => r.order === order), 1);
      return Promise.resolve();
    },
  };
}

const refusal = (status: number, code: ErrorBody['code'], message: string) => new ApiError(status, { code, message, messageEn: message } as ErrorBody);

function newQueue(send: (step: QueuedStep) => Promise<unknown>) {
  const store = memoryStore();
  const log = { applied: [] as string[], refused: [] as { message: string; dropped: string[] }[], unauthorized: 0 };
  const queue = new StepQueue({
    workerId: 'w1',
    store,
    send,
    now: () => Date.parse('2026-01-05T02:00:00Z'),
    position: () => ({ lng: 120.5, lat: 30.28, coordSystem: 'WGS84' }),
    retryMs: 60_000,
    hooks: {
      onApplied: (step) => log.applied.push(`${step.kind}:${step.incidentId}`),
      onRefused: (step, error, dropped) => log.refused.push({ message: error.body?.message ?? '', dropped: dropped.map((s) => s.kind) }),
      onUnauthorized: () => log.unauthorized++,
      onChange: () => undefined,
    },
  });
  return { queue, store, log };
}

const settle = async (queue: StepQueue) => {
  await expect.poll(() => (queue as unknown as { draining: boolean }).draining).toBe(false);
};

describe('the step queue', () => {
  it('keeps a step with its key, tap time and fix before sending, and sends in order', async () => {
    const sent: QueuedStep[] = [];
    const { queue, log } = newQueue((step) => {
      sent.push(step);
      return Promise.resolve({});
    });
    await queue.enqueue({ kind: 'accept', incidentId: 'i1', caseNo: 'C1', offerId: 'o1', body: {} });
    await queue.enqueue({ kind: 'call', incidentId: 'i1', caseNo: 'C1', body: { answered: true } });
    await queue.enqueue({ kind: 'contact', incidentId: 'i1', caseNo: 'C1', body: {} });
    await settle(queue);
    expect(log.applied).toEqual(['accept:i1', 'call:i1', 'contact:i1']);
    expect(sent[0].body).toEqual({ deviceAt: '2026-01-05T02:00:00.000Z', position: { lng: 120.5, lat: 30.28, coordSystem: 'WGS84' } });
    expect(sent[1].body).toEqual({ answered: true, deviceAt: '2026-01-05T02:00:00.000Z', startedAt: '2026-01-05T02:00:00.000Z' });
    expect(new Set(sent.map((s) => s.key)).size).toBe(3);
    expect(queue.pending()).toEqual([]);
  });

  it('keeps a step that met a network failure and resends it with the same key', async () => {
    const keys: string[] = [];
    let online = false;
    const { queue, store, log } = newQueue((step) => {
      keys.push(step.key);
      return online ? Promise.resolve({}) : Promise.reject(new ApiError(0, null));
    });
    await queue.enqueue({ kind: 'contact', incidentId: 'i1', caseNo: 'C1', body: {} });
    await settle(queue);
    expect(store.rows).toHaveLength(1);
    expect(queue.pendingFor('i1')).toBe(1);
    online = true;
    queue.drain();
    await settle(queue);
    expect(log.applied).toEqual(['contact:i1']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('drops a refused step with the later steps of the same case, and goes on with other cases', async () => {
    let online = false;
    const { queue, log } = newQueue((step) => {
      if (!online) return Promise.reject(new ApiError(0, null));
      return step.incidentId === 'i1' ? Promise.reject(refusal(409, 'CASE_REASSIGNED', '该事件已改派给他人')) : Promise.resolve({});
    });
    // Tapped offline; meanwhile an operator gave case i1 to someone else.
    await queue.enqueue({ kind: 'accept', incidentId: 'i1', caseNo: 'C1', offerId: 'o1', body: {} });
    await queue.enqueue({ kind: 'contact', incidentId: 'i1', caseNo: 'C1', body: {} });
    await queue.enqueue({ kind: 'decline', incidentId: 'i2', caseNo: 'C2', offerId: 'o2', body: { reason: '太远' } });
    await settle(queue);
    online = true;
    queue.drain();
    await settle(queue);
    expect(log.refused).toEqual([{ message: '该事件已改派给他人', dropped: ['accept', 'contact'] }]);
    expect(log.applied).toEqual(['decline:i2']);
    expect(queue.pending()).toEqual([]);
  });

  it('stops and keeps everything when the session expired', async () => {
    const { queue, store, log } = newQueue(() => Promise.reject(new ApiError(401, null)));
    await queue.enqueue({ kind: 'arrive', incidentId: 'i1', caseNo: 'C1', body: {} });
    await settle(queue);
    expect(log.unauthorized).toBe(1);
    expect(store.rows).toHaveLength(1);
  });

  it('retries only what a resend can fix', () => {
    expect(classify(new ApiError(0, null))).toBe('retry');
    expect(classify(new ApiError(503, null))).toBe('retry');
    expect(classify(new ApiError(408, null))).toBe('retry');
    expect(classify(new ApiError(429, null))).toBe('retry');
    expect(classify(new ApiError(401, null))).toBe('unauthorized');
    expect(classify(refusal(409, 'CASE_REASSIGNED', 'x'))).toBe('refused');
    expect(classify(refusal(422, 'IDEMPOTENCY_KEY_REUSED', 'x'))).toBe('refused');
  });

  it('makes keys the hub accepts', () => {
    expect(newStepKey()).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });
});
