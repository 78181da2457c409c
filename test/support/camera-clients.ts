/**
 * Video patrol for tests: a township with cameras, alerts as a video platform sends them (signed like
 * the 110 door, see clients.ts), and a platform on JetStream that collects the hub's receipts.
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import request from 'supertest';
import {
  API_KEY_HEADER,
  CAMERA_API,
  CAMERA_INTAKE_STREAM,
  cameraAlertReceiptSubject,
  cameraAlertSubject,
  type CameraAlertReceiptMessage,
  type CameraAlertRequest,
  type LngLat,
  type TownshipSeed,
} from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { cameraConsumerName, ensureCameraStream } from '../../apps/hub/src/cameras/camera-alert-jetstream';
import { signedHeaders, type SignOptions } from './clients';
import { newTownshipSeed } from './factories';
import { STATE_WAIT_MS } from './patience';

/**
 * The test township (two 0.01° grids side by side) with cameras on a lattice 300 m and more apart, so
 * that cases of different cameras never join as reports of one event (150 m): CAM-01 … CAM-12, CAM-OFF
 * disabled.
 */
export function newCameraSeed(overrides: { code?: string; origin?: LngLat; workers?: number } = {}): TownshipSeed {
  // Enough workers that every case dispatched at once in a suite still finds someone free.
  const seed = newTownshipSeed({ workers: 10, ...overrides });
  const o = overrides.origin ?? { lng: 120.5, lat: 30.28 };
  const cameras = Array.from({ length: 12 }, (_, i) => {
    const col = i % 6;
    const row = Math.floor(i / 6);
    return {
      code: `CAM-${String(i + 1).padStart(2, '0')}`,
      name: `测试摄像头${i + 1}`,
      gridCode: col < 3 ? 'G1' : 'G2',
      location: { lng: o.lng + 0.0015 + col * 0.0033, lat: o.lat + 0.002 + row * 0.005 },
      owner: '综治中心',
    };
  });
  return { ...seed, cameras: [...cameras, { code: 'CAM-OFF', name: '停用摄像头', gridCode: 'G1', location: { lng: o.lng + 0.005, lat: o.lat + 0.0095 }, owner: '综治中心', enabled: false }] };
}

/** A valid alert from `cameraCode`, seen just now. */
export function newCameraAlert(overrides: Partial<CameraAlertRequest> = {}): CameraAlertRequest {
  return {
    alertId: `evt-${randomUUID()}`,
    cameraCode: 'CAM-01',
    type: 'smoke',
    confidence: 0.9,
    at: new Date().toISOString(),
    snapshotRef: 'https://video.example/snap/1.jpg',
    ...overrides,
  };
}

/** A camera alert, signed over the exact JSON sent. */
export function postCameraAlert(url: string, apiKey: string, body: unknown, options: SignOptions = {}) {
  const raw = JSON.stringify(body);
  return request(url).post(CAMERA_API.intake).set(signedHeaders(apiKey, raw, options)).set('content-type', 'application/json').send(raw);
}

/** A video platform on JetStream: publishes signed alerts for one township and collects the receipts by stream sequence. */
export class CameraPlatform {
  readonly receipts: CameraAlertReceiptMessage[] = [];
  private waiters: { seq: number; resolve: (r: CameraAlertReceiptMessage) => void }[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly sub: Subscription,
    readonly townshipCode: string,
  ) {}

  static async open(natsUrl: string, townshipCode: string): Promise<CameraPlatform> {
    const nc = await connect({ servers: natsUrl, name: 'test-camera-platform' });
    const jsm = await jetstreamManager(nc);
    await ensureCameraStream(jsm);
    let platform: CameraPlatform | null = null;
    const sub = nc.subscribe(cameraAlertReceiptSubject(townshipCode), {
      callback: (error, msg) => {
        if (!error) platform?.take(msg.json<CameraAlertReceiptMessage>());
      },
    });
    platform = new CameraPlatform(nc, jetstream(nc), jsm, sub, townshipCode);
    await nc.flush();
    return platform;
  }

  /** Publishes `body` (an object, or raw text as is) signed with the key, headers optionally replaced; resolves with its stream sequence. */
  async publish(apiKey: string, body: unknown, replace: Record<string, string | undefined> = {}): Promise<number> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return this.publishRaw(raw, { [API_KEY_HEADER]: apiKey, ...signatureHeaders(defaultSigningSecret(apiKey), raw), ...replace });
  }

  async publishRaw(raw: Uint8Array | string, hdrs: Record<string, string | undefined>): Promise<number> {
    const h = headers();
    for (const [name, value] of Object.entries(hdrs)) if (value !== undefined) h.set(name, value);
    return (await this.js.publish(cameraAlertSubject(this.townshipCode), raw, { headers: h })).seq;
  }

  receipt(seq: number, timeoutMs = STATE_WAIT_MS): Promise<CameraAlertReceiptMessage> {
    const seen = this.receipts.find((r) => r.sequence === seq);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no receipt for camera message ${seq} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ seq, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Removes what the test left in NATS: its township's alerts, receipts and durable consumer. */
  async close(): Promise<void> {
    this.sub.unsubscribe();
    await this.jsm.consumers.delete(CAMERA_INTAKE_STREAM, cameraConsumerName(this.townshipCode)).catch(() => false);
    await this.jsm.streams.purge(CAMERA_INTAKE_STREAM, { filter: `${cameraAlertSubject(this.townshipCode)}.>` }).catch(() => undefined);
    await this.jsm.streams.purge(CAMERA_INTAKE_STREAM, { filter: cameraAlertSubject(this.townshipCode) }).catch(() => undefined);
    await this.nc.close();
  }

  private take(receipt: CameraAlertReceiptMessage): void {
    this.receipts.push(receipt);
    this.waiters = this.waiters.filter((w) => (w.seq === receipt.sequence ? (w.resolve(receipt), false) : true));
  }
}
