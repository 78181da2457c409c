/**
 * A phone fleet for the city bench, run as a child process (`fork`) so that thousands of client sockets
 * never share an event loop with a hub or with the bench's own timing. It connects its share of the
 * phones, sends position reports at the rate it is told, and tells the bench of every offer its phones
 * receive, stamped on arrival.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, OfferView, PositionAck, ServerToClientEvents } from '@xiaonao/contracts';
import { preciseNow, type FleetCommand, type FleetPhone, type FleetReport } from './city-protocol';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Reports wander this far (degrees, about 20 m) around the phone's home point. */
const JITTER_DEG = 0.0002;
const TICK_MS = 5;
const ACK_QUIET_MS = 5000;

const connected: { phone: FleetPhone; socket: ClientSocket }[] = [];

function tell(report: FleetReport): void {
  process.send?.(report);
}

function open(url: string, phone: FleetPhone): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth: phone.token ? { token: phone.token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

async function connectAll(urls: string[], phones: FleetPhone[], batch: number): Promise<void> {
  const start = performance.now();
  let failed = 0;
  let lastError = '';
  for (let i = 0; i < phones.length; i += batch) {
    await Promise.all(
      phones.slice(i, i + batch).map(async (phone) => {
        try {
          const socket = await open(urls[phone.server], phone);
          // Every offer, stamped as it lands: the bench matches it to the case it sent by case number.
          socket.on('offer.created', (offer: OfferView) => {
            tell({ kind: 'offer', caseNo: offer.incident.caseNo, workerId: offer.workerId, at: preciseNow() });
            // As the phone page does: the offer is on the screen, so the hub's reminder chain stops here.
            socket.emit('offer.seen', { offerId: offer.offerId, visible: true }, () => undefined);
          });
          connected.push({ phone, socket });
        } catch (error) {
          failed++;
          lastError = error instanceof Error ? error.message : String(error);
        }
      }),
    );
  }
  tell({ kind: 'connected', connected: connected.length, failed, lastError, ms: performance.now() - start });
}

/** Reports at `ratePerS` for `seconds`, paced against the clock so a slow tick catches up rather than drifts. */
async function drive(ratePerS: number, seconds: number): Promise<void> {
  const total = Math.round(ratePerS * seconds);
  const tally = { sent: 0, acked: 0, refused: 0, lastRefusal: '' };
  let cursor = 0;
  let lateMs = 0;
  const start = performance.now();
  while (tally.sent < total && connected.length) {
    await sleep(TICK_MS);
    const elapsed = performance.now() - start;
    const due = Math.min(total, Math.floor((elapsed / 1000) * ratePerS));
    // How far behind the schedule the generator ran at worst: a saturated machine shows here.
    if (due > tally.sent) lateMs = Math.max(lateMs, elapsed - (tally.sent / ratePerS) * 1000 - TICK_MS);
    for (; tally.sent < due; tally.sent++) {
      const { phone, socket } = connected[cursor++ % connected.length];
      const fix = { lng: phone.home.lng + (Math.random() - 0.5) * JITTER_DEG, lat: phone.home.lat + (Math.random() - 0.5) * JITTER_DEG, coordSystem: 'WGS84' as const, at: new Date().toISOString() };
      socket.emit('position.report', fix, (ack: PositionAck) => {
        if (ack.ok) tally.acked++;
        else {
          tally.refused++;
          tally.lastRefusal = ack.error ?? 'refused';
        }
      });
    }
  }
  // The last acks: until all are in or none has come for ACK_QUIET_MS (a saturated hub pauses for garbage collection).
  let seen = -1;
  while (tally.acked + tally.refused < tally.sent && seen !== tally.acked + tally.refused) {
    seen = tally.acked + tally.refused;
    await sleep(ACK_QUIET_MS);
  }
  tell({ kind: 'driven', ...tally, lateMs });
}

function disconnectAll(): void {
  for (const { socket } of connected.splice(0)) socket.disconnect();
  tell({ kind: 'disconnected' });
}

process.on('message', (command: FleetCommand) => {
  switch (command.kind) {
    case 'connect':
      void connectAll(command.urls, command.phones, command.batch);
      break;
    case 'drive':
      void drive(command.ratePerS, command.seconds);
      break;
    case 'disconnect':
      disconnectAll();
      break;
    case 'exit':
      for (const { socket } of connected.splice(0)) socket.disconnect();
      process.exit(0);
  }
});
// Ends with the bench, even if the bench is killed outright.
process.on('disconnect', () => process.exit(0));
tell({ kind: 'ready' });
