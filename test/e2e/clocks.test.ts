import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('1-3-8 clocks pushed when they change', () => {
  let t: TestHub;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    // Seconds instead of minutes so the test sees warnings and breaches happen.
    t = await startTestHub({ env: { CLOCK_ACCEPT_SECONDS: '2', CLOCK_CONTACT_SECONDS: '3', CLOCK_ARRIVE_SECONDS: '4', CLOCK_WARN_SHARE: '0.5', OFFER_TIMEOUT_MS: '60000' } });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('warns the console and the worker at half the window and breaches at the deadline; the station hears the arrival breach only', async () => {
    const operator = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'operator')).token);
    const station = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'station')).token);
    const worker = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'worker', 'W1')).token);
    sockets.push(operator, station, worker);
    const [opAlerts, stAlerts, wkAlerts] = [operator, station, worker].map((s) => new Inbox(s, 'clock.alert'));
    const sent = Date.now();
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ receivedAt: new Date(sent).toISOString() })).expect(201);
    const id: string = body.incidentId;

    const risk = await opAlerts.next((a) => a.incidentId === id && a.stage === 'accept' && a.status === 'at_risk');
    const breach = await opAlerts.next((a) => a.incidentId === id && a.stage === 'accept' && a.status === 'breached');
    expect(new Date(risk.at).getTime() - sent).toBeGreaterThanOrEqual(1000);
    expect(new Date(breach.at).getTime() - sent).toBeGreaterThanOrEqual(2000);
    // Pushed on time: within half a second of the deadline.
    expect(new Date(breach.at).getTime() - sent).toBeLessThan(2600);
    // The worker offered the case hears the warning; at the breach the case moves on to the next worker.
    await wkAlerts.next((a) => a.incidentId === id && a.stage === 'accept' && a.status === 'at_risk');
    await opAlerts.next((a) => a.incidentId === id && a.stage === 'arrive' && a.status === 'breached');
    // By the default escalation chain the station is informed of a missed arrival, not of the township's own warnings or misses.
    await stAlerts.next((a) => a.incidentId === id && a.stage === 'arrive' && a.status === 'breached');
    expect(stAlerts.items.filter((a) => a.incidentId === id).map((a) => `${a.stage}:${a.status}`)).toEqual(['arrive:breached']);
  });
});
