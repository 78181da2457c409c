/**
 * `/metrics` on a listener of its own (METRICS_HOST:METRICS_PORT), not on the public port: the numbers
 * say how busy a township is and how its workers answer, which is nobody's business outside the
 * monitoring network. With METRICS_TOKEN set, a scrape must also carry it as a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API } from '@xiaonao/contracts';
import type { Registry } from 'prom-client';
import { Database } from '../persistence/database';

export interface MetricsListener {
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  url: string;
  close(): Promise<void>;
}

export interface MetricsListenerOptions {
  host: string;
  port: number;
  token: string | null;
}

/** Compared as digests so that neither the length nor the content leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

async function serve(registry: Registry, token: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url?.split('?', 1)[0] !== API.metrics) return reply(res, 404, '未找到 / not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, '仅支持 GET / GET only\n', { Allow: 'GET, HEAD' });
  if (token !== null) {
    const given = bearerOf(req);
    if (given === null || !sameToken(given, token)) {
      return reply(res, 401, '需要指标令牌 / metrics token required\n', { 'WWW-Authenticate': 'Bearer realm="xiaonao-metrics"' });
    }
  }
  // The scrape's own statements are counted apart from the work it measures.
  const body = await Database.step('metrics', () => registry.metrics());
  res.writeHead(200, { 'Content-Type': registry.contentType });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function startMetricsListener(registry: Registry, options: MetricsListenerOptions): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    serve(registry, options.token, req, res).catch((error: unknown) => reply(res, 500, `指标读取失败 / metrics failed: ${String(error)}\n`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}${API.metrics}`,
        close: () =>
          new Promise<void>((done) => {
            // A scrape in flight is not worth waiting for: Prometheus retries at the next interval.
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
