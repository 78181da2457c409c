/**
 * The 110 side and the video platform of the generated city: signed cases to random townships and camera
 * alerts from random cameras, each request to the next hub in turn (as a load balancer would), and the
 * time each case was sent, so that the offer a phone receives can be timed from it.
 */
import { API, API_KEY_HEADER, CAMERA_ALERT_TYPES, CAMERA_API, type CameraAlertRequest, type Intake110Request } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { demoCaseGenerator, type DemoCaseGenerator } from '../../apps/sim/src/township/case-templates';
import { createRandom, type Random } from '../../apps/sim/src/township/random';
import { preciseNow } from './city-protocol';
import type { CityTownship } from './city-townships';

export interface SendTally {
  sent: number;
  accepted: number;
  failed: number;
  lastError: string;
}

const newTally = (): SendTally => ({ sent: 0, accepted: 0, failed: 0, lastError: '' });

export class CityIntake {
  /** Case number → when its intake request left (preciseNow), for the cases of the measured window. */
  readonly sentAt = new Map<string, number>();
  /** Case number → when an offer for it reached a phone. */
  readonly offeredAt = new Map<string, number>();
  /** Case number → when its intake answer (2xx) came back: the committed case, before dispatch. */
  readonly answeredAt = new Map<string, number>();
  readonly cases = newTally();
  readonly alerts = newTally();
  private readonly generators: DemoCaseGenerator[];
  private readonly random: Random = createRandom(110);
  private next = 0;
  private sequence = 0;
  /** Requests still in flight, so a phase ends only when its last answer is in. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly townships: readonly CityTownship[],
    private readonly run: string,
    public urls: string[],
  ) {
    this.generators = townships.map((t, i) => demoCaseGenerator(t.seed, createRandom(7_000 + i)));
  }

  /** An offer as a phone saw it; only the first offer of a case counts. */
  offered(caseNo: string, at: number): void {
    if (this.sentAt.has(caseNo) && !this.offeredAt.has(caseNo)) this.offeredAt.set(caseNo, at);
  }

  private url(): string {
    return this.urls[this.next++ % this.urls.length];
  }

  private post(url: string, body: unknown, apiKey: string, tally: SendTally, onAccepted?: () => void): Promise<void> {
    const raw = JSON.stringify(body);
    tally.sent++;
    const sent = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [API_KEY_HEADER]: apiKey, ...signatureHeaders(defaultSigningSecret(apiKey), raw) }, body: raw })
      .then(async (res) => {
        if (res.ok) {
          tally.accepted++;
          onAccepted?.();
        } else {
          tally.failed++;
          tally.lastError = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
        }
      })
      .catch((error: unknown) => {
        tally.failed++;
        tally.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
    return sent;
  }

  private caseFor(township: number): Intake110Request {
    const { request } = this.generators[township].next(new Date());
    return { ...request, caseNo: `CITY-${this.run}-${++this.sequence}` };
  }

  /** One case to a random township; timed when `timed`. */
  sendCase(timed: boolean, township = this.random.int(0, this.townships.length - 1), url = this.url()): Promise<void> {
    const request = this.caseFor(township);
    if (timed) this.sentAt.set(request.caseNo, preciseNow());
    const answered = timed ? () => this.answeredAt.set(request.caseNo, preciseNow()) : undefined;
    return this.post(url + API.intake110, request, this.townships[township].apiKey, this.cases, answered);
  }

  /** One alert from a random camera of a random township, at a confidence around the thresholds. */
  sendAlert(): Promise<void> {
    const t = this.townships[this.random.int(0, this.townships.length - 1)];
    const cameras = t.seed.cameras ?? [];
    if (!cameras.length) return Promise.resolve();
    const alert: CameraAlertRequest = {
      alertId: `city-${this.run}-${++this.sequence}`,
      cameraCode: this.random.pick(cameras).code,
      type: this.random.pick(CAMERA_ALERT_TYPES),
      confidence: Math.round(this.random.between(0.3, 1) * 1000) / 1000,
      at: new Date().toISOString(),
      snapshotRef: `snap:city:${this.sequence}`,
    };
    return this.post(this.url() + CAMERA_API.intake, alert, t.apiKey, this.alerts);
  }

  /**
   * One case per township on every hub, `concurrency` at a time: dispatch builds a hub's live index of
   * a township on its first case there, and only a hub holding an index applies the other hubs' news to
   * it. A city that has run for a while holds them all; a cold one would flatter the cross-process cost.
   */
  async warm(concurrency: number): Promise<void> {
    const jobs = this.urls.flatMap((url) => this.townships.map((_, i) => () => this.sendCase(false, i, url)));
    const lanes = Array.from({ length: concurrency }, async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    });
    await Promise.all(lanes);
  }

  /** Cases and alerts at their rates for `seconds`, paced against the clock. */
  async drive(casesPerS: number, alertsPerS: number, seconds: number, timed: boolean): Promise<void> {
    const start = performance.now();
    let cases = 0;
    let alerts = 0;
    for (;;) {
      const elapsedS = (performance.now() - start) / 1000;
      if (elapsedS >= seconds) break;
      for (; cases < Math.floor(elapsedS * casesPerS); cases++) void this.sendCase(timed);
      for (; alerts < Math.floor(elapsedS * alertsPerS); alerts++) void this.sendAlert();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits for the requests still in flight. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Clears the timings between phases; the tallies are per phase too. */
  reset(): void {
    this.sentAt.clear();
    this.offeredAt.clear();
    this.answeredAt.clear();
    Object.assign(this.cases, newTally());
    Object.assign(this.alerts, newTally());
  }
}
