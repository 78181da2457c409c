/**
 * A 110 side's feedback receiver for tests and the bench: a real local HTTP server that verifies each
 * request exactly as Standard Webhooks documents (the `standardwebhooks` library's Webhook.verify over
 * the raw body and the three headers), records what it took, and can be told to fail per path: answer
 * 500, 410, or be down (the connection is dropped before any answer).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { FeedbackEvent } from '@xiaonao/contracts';

export type ReceiverMode = 'ok' | 'error500' | 'gone410' | 'down';

export interface ReceivedEvent {
  path: string;
  /** webhook-id: the event id, as the receiver dedupes by it. */
  webhookId: string;
  event: FeedbackEvent;
  at: number;
}

export interface RefusedRequest {
  path: string;
  webhookId: string | undefined;
  reason: string;
}

export class WebhookReceiver {
  /** Every event taken (2xx answered), in arrival order; a duplicate would show here twice. */
  readonly received: ReceivedEvent[] = [];
  /** Requests whose signature did not verify (answered 400). */
  readonly refused: RefusedRequest[] = [];
  /** Every request that reached the handler, however it was answered. */
  requests = 0;
  private readonly modes = new Map<string, ReceiverMode>();
  private mode: ReceiverMode = 'ok';
  private readonly verifier: Webhook;

  private constructor(
    private readonly server: Server,
    secret: string,
    /** Record events only (no JSON parse kept) for the bench's counting. */
    private readonly onEvent?: (e: ReceivedEvent) => void,
  ) {
    this.verifier = new Webhook(secret);
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(secret: string, onEvent?: (e: ReceivedEvent) => void): Promise<WebhookReceiver> {
    const server = createServer();
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new WebhookReceiver(server, secret, onEvent);
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** How every path answers, unless a path has its own mode. */
  setMode(mode: ReceiverMode, path?: string): void {
    if (path === undefined) this.mode = mode;
    else this.modes.set(path, mode);
  }

  /** Events taken on one path, in arrival order. */
  on(path: string): ReceivedEvent[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const path = (req.url ?? '/').split('?')[0];
    const mode = this.modes.get(path) ?? this.mode;
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = { 'webhook-id': String(req.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(req.headers['webhook-signature'] ?? '') };
    let event: FeedbackEvent;
    try {
      event = this.verifier.verify(raw, headers) as FeedbackEvent;
    } catch (error) {
      this.refused.push({ path, webhookId: headers['webhook-id'] || undefined, reason: error instanceof Error ? error.message : String(error) });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'signature verification failed' }));
      return;
    }
    if (mode === 'error500') {
      res.writeHead(500).end('busy');
      return;
    }
    if (mode === 'gone410') {
      res.writeHead(410).end('gone');
      return;
    }
    const received = { path, webhookId: headers['webhook-id'], event, at: Date.now() };
    if (this.onEvent) this.onEvent(received);
    else this.received.push(received);
    res.writeHead(204).end();
  }
}
