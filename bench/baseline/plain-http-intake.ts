/**
 * A plain HTTP endpoint that only reads the body, parses the JSON and answers 201: the floor under
 * any HTTP intake on this machine (no signature, no database).
 */
import { createServer } from 'node:http';

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: { caseNo?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { caseNo?: unknown };
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ caseNo: body.caseNo ?? null, duplicate: false }));
  });
});
http.keepAliveTimeout = 60_000;
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => http.close(() => process.exit(0)));
