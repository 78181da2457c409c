/**
 * A plain HTTP server that reads each request's body, parses it as JSON and acknowledges it: the floor
 * any HTTP door stands on (the camera alert storm's baseline). No signature check, no database.
 */
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let status = 201;
    let answer: string;
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const alertId = typeof body === 'object' && body !== null && 'alertId' in body ? body.alertId : null;
      answer = JSON.stringify({ alertId, ok: true });
    } catch {
      status = 400;
      answer = JSON.stringify({ statusCode: 400, code: 'INVALID_JSON', field: 'body' });
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(answer);
  });
});
// As long as the generator's keep-alive, so sockets are reused rather than reopened.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
