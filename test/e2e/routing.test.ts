import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * A stand-in routing server speaking the OSRM table API: it says the nearest worker (W1, west of
 * the site) is across a river, 15 minutes away, and everyone else 2 minutes. `mode` 'hang' never answers.
 */
function fakeOsrm(mode: { value: 'river' | 'hang' }): Promise<{ url: string; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(req.url ?? '');
    if (mode.value === 'hang') return;
    const coords = decodeURIComponent((req.url ?? '').split('/')[4].split('?')[0]).split(';');
    const sources = coords.slice(0, -1);
    const durations = sources.map((c) => [Number(c.split(',')[0]) < 120.5025 ? 900 : 120]);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ code: 'Ok', durations }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server })));
}

describe('routing the shortlist through OSRM', () => {
  const mode = { value: 'river' as 'river' | 'hang' };
  let osrm: Awaited<ReturnType<typeof fakeOsrm>>;
  let t: TestHub;
  let operator: string;
  const sockets: HubSocket[] = [];
  const offers: Record<string, Inbox<'offer.created'>> = {};

  beforeAll(async () => {
    osrm = await fakeOsrm(mode);
    t = await startTestHub({ env: { OSRM_URL: osrm.url, OSRM_TIMEOUT_MS: '300', OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      const socket = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'worker', code)).token);
      sockets.push(socket);
      offers[code] = new Inbox(socket, 'offer.created');
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
    osrm?.server.closeAllConnections();
    osrm?.server.close();
  });

  it('offers the worker the routing server says is quicker, and shows the routed time', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await offers.W2.next((o) => o.incidentId === body.incidentId);
    expect(osrm.calls.some((c) => c.startsWith('/table/v1/'))).toBe(true);
    const detail = (await request(t.url).get(API.incident(body.incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    const w1 = detail.recommendation?.candidates.find((c) => c.name === '网格员1');
    expect(w1).toMatchObject({ routed: true });
    expect(w1?.etaSeconds).toBeGreaterThanOrEqual(900);
  });

  it('falls back to the estimate when the routing server does not answer in time', async () => {
    mode.value = 'hang';
    const started = Date.now();
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ location: { lng: 120.5012, lat: 30.285 } })).expect(201);
    const offer = await Promise.race(['W1', 'W3'].map((c) => offers[c].next((o) => o.incidentId === body.incidentId)));
    expect(Date.now() - started).toBeLessThan(3_000);
    const detail = (await request(t.url).get(API.incident(offer.incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    expect(detail.recommendation?.candidates.every((c) => !c.routed)).toBe(true);
  });
});
