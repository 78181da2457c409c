/**
 * The plumbing the provider stand-ins share: a node:http server on 127.0.0.1 and a free port, whole
 * bodies, JSON answers, requests that are never answered ('hang'), and per-recipient scripts. No test
 * framework here: the demo starts these servers too.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does with a send to one recipient: take it, refuse it with a provider code, or never answer. */
export type SendBehaviour = 'ok' | `error:${string}` | 'hang';

export interface StandInRequest {
  at: Date;
  method: string;
  path: string;
  /** Query and body parameters (decoded), or the JSON body. */
  params: Record<string, unknown>;
  /** Whether the stand-in took the request (false: it answered with an error code, or hung). */
  accepted: boolean;
  /** The provider code it answered with (`OK`, `0`, `SignatureDoesNotMatch`…), or `hang`. */
  code: string;
}

export interface StandInServer {
  url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts `handle` on 127.0.0.1, port 0. `close` drops hanging requests too. */
export function listen(handle: Handler): Promise<StandInServer> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handle(req, body, res))
      .catch(() => res.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The code after `error:` in a SendBehaviour, or null. */
export function scriptedError(send: SendBehaviour | undefined): string | null {
  return send?.startsWith('error:') ? send.slice('error:'.length) : null;
}

/** A request id in the providers' style (Aliyun: a UUID in capitals; DingTalk: short lowercase). */
export function requestId(): string {
  return randomUUID().toUpperCase();
}
