/**
 * Junk at the socket door: `position.report` and `offer.seen` payloads from the corpus in
 * test/support/text-junk.ts, sent as raw socket.io packets (the client library's encoder would itself
 * overflow on a payload ten thousand levels deep; a hostile client has no such encoder). For every
 * payload: the ack is `{ ok: false }` naming the field, nothing is stored (no fix taken, no page
 * marked, no news), and the refusal is counted in `xiaonao_refusals_total`.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_EVENTS, type PositionAck } from '@xiaonao/contracts';
import { MetricsService } from '../../apps/hub/src/ops/metrics.service';
import { connectSocket, loginAs, type HubSocket } from '../support/clients';
import { startTestHub, type TestHub } from '../support/hub';
import { junkRuns, JunkTally, junkTimeout } from '../support/junk-tally';
import { pointAt } from '../support/report-factories';
import { doorTextJunk, type TextJunk } from '../support/text-junk';
import { STATE_WAIT_MS } from '../support/patience';

const RUNS = junkRuns(100);

const POSITION = doorTextJunk({}, ['lng', 'lat', 'coordSystem', 'at', 'accuracyM']);
const OFFER_SEEN = doorTextJunk({}, ['offerId', 'visible']);

/**
 * Emits `event` with a payload given as raw JSON text, as one socket.io EVENT packet with an ack id
 * (`2<id>["event",<payload>]`), and waits for the ACK packet (`3<id>[<answer>]`).
 */
class RawEmitter {
  private nextId = 1_000_000;
  private readonly waiting = new Map<number, (answer: unknown) => void>();

  constructor(private readonly socket: HubSocket) {
    socket.io.engine.on('message', (data) => {
      const match = typeof data === 'string' ? /^3(\d+)(\[.*\])$/s.exec(data) : null;
      if (!match) return;
      const id = Number(match[1]);
      this.waiting.get(id)?.((JSON.parse(match[2]) as unknown[])[0]);
      this.waiting.delete(id);
    });
  }

  emit(event: string, rawPayload: string, timeoutMs = STATE_WAIT_MS): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} #${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(id, (answer) => (clearTimeout(timer), resolve(answer)));
      this.socket.io.engine.write(`2${id}[${JSON.stringify(event)},${rawPayload}]`);
    });
  }
}

describe('junk at the socket door', () => {
  const tally = new JunkTally();
  let t: TestHub;
  let pg: Client;
  let metrics: MetricsService;
  let phone: HubSocket;
  let raw: RawEmitter;

  const refusalsAt = async (event: string) =>
    (await metrics.refusals.get()).values.filter((v) => v.labels.door === `socket ${event}`).reduce((sum, v) => sum + v.value, 0);

  /** What an accepted payload would leave behind: fixes taken and tracked, pages marked seen, news. */
  async function stored(): Promise<string> {
    const fixes = (await metrics.positions.get()).values.reduce((sum, v) => sum + v.value, 0);
    const { rows } = await pg.query<{ n: string }>(
      `SELECT concat_ws('/', (SELECT count(*) FROM worker_track), (SELECT count(*) FROM page_attempt WHERE status IN ('delivered', 'read')), (SELECT count(*) FROM outbox)) AS n`,
    );
    return `${fixes}/${rows[0].n}`;
  }

  async function refusedCleanly(event: string, junk: TextJunk, valid: () => object): Promise<void> {
    const payload = junk.build(valid());
    const before = { rows: await stored(), refusals: await refusalsAt(event) };
    const ack = (await raw.emit(event, payload)) as PositionAck | undefined;
    const after = { rows: await stored(), refusals: await refusalsAt(event) };
    const refused = ack?.ok === false && ack.field !== undefined;
    tally.add(`socket ${event}`, { serverError: ack?.ok === false && ack.field === undefined, partialRows: after.rows !== before.rows, refused, recorded: after.refusals === before.refusals + 1 });
    const what = `${junk.kind} → ${JSON.stringify(ack)}`;
    expect(ack?.ok, what).toBe(false);
    expect(ack?.field?.startsWith(junk.field), `expected ${junk.field}: ${what}`).toBe(true);
    expect(ack?.error, what).toMatch(/[\u4e00-\u9fa5]/);
    expect(after.rows, what).toBe(before.rows);
    expect(after.refusals, what).toBe(before.refusals + 1);
  }

  beforeAll(async () => {
    t = await startTestHub();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    metrics = t.hub.app.get(MetricsService);
    phone = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'worker', 'W1')).token);
    raw = new RawEmitter(phone);
  });

  afterAll(async () => {
    tally.print('Junk at the socket door');
    phone?.disconnect();
    await pg?.end();
    await t?.close();
  });

  it(
    'position.report',
    async () => {
      const valid = () => ({ ...pointAt(250, 560), coordSystem: 'WGS84', at: new Date().toISOString(), accuracyM: 8 });
      await fc.assert(
        fc.asyncProperty(POSITION, (junk) => refusedCleanly(SOCKET_EVENTS.positionReport, junk, valid)),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    'offer.seen',
    async () => {
      await fc.assert(
        fc.asyncProperty(OFFER_SEEN, (junk) => refusedCleanly(SOCKET_EVENTS.offerSeen, junk, () => ({ offerId: randomUUID(), visible: true }))),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it('answers payloads that are no object, and events from someone who is not a worker, with { ok: false }', async () => {
    for (const payload of ['null', '42', '"x"', '[1,2]', 'true']) {
      expect(await raw.emit(SOCKET_EVENTS.positionReport, payload)).toMatchObject({ ok: false, field: 'body' });
      expect(await raw.emit(SOCKET_EVENTS.offerSeen, payload)).toMatchObject({ ok: false, field: 'body' });
    }
    const operator = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'operator')).token);
    try {
      const before = await refusalsAt(SOCKET_EVENTS.positionReport);
      expect(await new RawEmitter(operator).emit(SOCKET_EVENTS.positionReport, JSON.stringify(pointAt(250, 560)))).toMatchObject({ ok: false, error: '只有网格员可以上报位置' });
      expect(await refusalsAt(SOCKET_EVENTS.positionReport)).toBe(before + 1);
    } finally {
      operator.disconnect();
    }
  });

  it('never echoes junk from the ping probe', async () => {
    expect(await raw.emit(SOCKET_EVENTS.ping, '['.repeat(20_000) + ']'.repeat(20_000))).toBe(0);
    expect(await raw.emit(SOCKET_EVENTS.ping, '1234')).toBe(1234);
  });

  it('still takes a good fix after all that', async () => {
    const ack = await phone.emitWithAck(SOCKET_EVENTS.positionReport, { ...pointAt(250, 560), coordSystem: 'WGS84', at: new Date().toISOString(), accuracyM: 8 });
    expect(ack).toEqual({ ok: true });
  });
});
