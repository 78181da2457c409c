/** Messages between the city bench and its phone fleet processes (bench/support/city-phones.ts), over the fork IPC channel. */
import type { LngLat } from '@xiaonao/contracts';

export interface FleetPhone {
  workerId: string;
  home: LngLat;
  /** Absent for the plain socket.io server, which asks for none. */
  token?: string;
  /** Index into the server list of the `connect` command. */
  server: number;
}

export type FleetCommand =
  | { kind: 'connect'; urls: string[]; phones: FleetPhone[]; batch: number }
  /** Position reports at `ratePerS` for `seconds`, round-robin over this fleet's phones. */
  | { kind: 'drive'; ratePerS: number; seconds: number }
  | { kind: 'disconnect' }
  | { kind: 'exit' };

export type FleetReport =
  | { kind: 'ready' }
  | { kind: 'connected'; connected: number; failed: number; lastError: string; ms: number }
  | { kind: 'driven'; sent: number; acked: number; refused: number; lastRefusal: string; lateMs: number }
  | { kind: 'disconnected' }
  /** An offer as the phone's socket received it; `at` is epoch ms at sub-millisecond resolution (performance.timeOrigin + now). */
  | { kind: 'offer'; caseNo: string; workerId: string; at: number };

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export const preciseNow = () => performance.timeOrigin + performance.now();
