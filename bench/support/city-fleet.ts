/** The bench's side of the phone fleets: forks them, splits the phones among them, and waits for their answers. */
import { fork, type ChildProcess } from 'node:child_process';
import type { FleetCommand, FleetPhone, FleetReport } from './city-protocol';
import { raiseFileLimit } from './city-proc';

type Answer = Exclude<FleetReport, { kind: 'offer' }>;

class FleetProcess {
  private waiting: { kind: Answer['kind']; resolve: (answer: Answer) => void; reject: (error: Error) => void }[] = [];

  constructor(
    readonly child: ChildProcess,
    onOffer: (offer: Extract<FleetReport, { kind: 'offer' }>) => void,
  ) {
    child.on('message', (report: FleetReport) => {
      if (report.kind === 'offer') return onOffer(report);
      const i = this.waiting.findIndex((w) => w.kind === report.kind);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(report);
    });
    child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`phone fleet ${child.pid} exited with ${code} while the bench waited for "${w.kind}"`));
    });
  }

  ask<K extends Answer['kind']>(command: FleetCommand | null, kind: K): Promise<Extract<Answer, { kind: K }>> {
    const answer = new Promise<Extract<Answer, { kind: K }>>((resolve, reject) => {
      this.waiting.push({ kind, resolve: (a) => resolve(a as Extract<Answer, { kind: K }>), reject });
    });
    if (command) this.child.send(command);
    return answer;
  }
}

export interface Driven {
  sent: number;
  acked: number;
  refused: number;
  lastRefusal: string;
  /** The worst lag behind schedule of the slowest fleet. */
  lateMs: number;
}

export class PhoneFleets {
  private constructor(private readonly fleets: FleetProcess[]) {}

  /** `count` fleet processes, each allowed `fileLimit` open files (one per socket). */
  static async start(count: number, fileLimit: number, onOffer: (offer: Extract<FleetReport, { kind: 'offer' }>) => void): Promise<PhoneFleets> {
    const fleets = Array.from({ length: count }, () => new FleetProcess(fork('dist/bench/support/city-phones.js', [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), onOffer));
    await Promise.all(fleets.map((f) => f.ask(null, 'ready')));
    for (const f of fleets) raiseFileLimit(f.child.pid ?? 0, fileLimit);
    return new PhoneFleets(fleets);
  }

  get pids(): number[] {
    return this.fleets.map((f) => f.child.pid ?? 0);
  }

  /** Deals the phones out to the fleets in turn and connects them, `batch` at a time in each fleet. */
  async connect(urls: string[], phones: readonly FleetPhone[], batch: number): Promise<{ connected: number; failed: number; lastError: string; ms: number }> {
    const shares = this.fleets.map((_, i) => phones.filter((_p, j) => j % this.fleets.length === i));
    const answers = await Promise.all(this.fleets.map((f, i) => f.ask({ kind: 'connect', urls, phones: shares[i], batch }, 'connected')));
    return {
      connected: answers.reduce((s, a) => s + a.connected, 0),
      failed: answers.reduce((s, a) => s + a.failed, 0),
      lastError: answers.map((a) => a.lastError).find(Boolean) ?? '',
      ms: Math.max(...answers.map((a) => a.ms)),
    };
  }

  /** `ratePerS` reports a second in all, shared evenly, for `seconds`. */
  async drive(ratePerS: number, seconds: number): Promise<Driven> {
    const answers = await Promise.all(this.fleets.map((f) => f.ask({ kind: 'drive', ratePerS: ratePerS / this.fleets.length, seconds }, 'driven')));
    return {
      sent: answers.reduce((s, a) => s + a.sent, 0),
      acked: answers.reduce((s, a) => s + a.acked, 0),
      refused: answers.reduce((s, a) => s + a.refused, 0),
      lastRefusal: answers.map((a) => a.lastRefusal).find(Boolean) ?? '',
      lateMs: Math.max(...answers.map((a) => a.lateMs)),
    };
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.fleets.map((f) => f.ask({ kind: 'disconnect' }, 'disconnected')));
  }

  stop(): void {
    for (const f of this.fleets) if (f.child.exitCode === null && f.child.connected) f.child.send({ kind: 'exit' } satisfies FleetCommand);
  }
}
