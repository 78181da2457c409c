/** A plain socket.io server that takes 'position.report' and acknowledges it: the floor for position ingest. */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, PositionAck, ServerToClientEvents } from '@xiaonao/contracts';

const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
const OK: PositionAck = { ok: true };
io.on('connection', (socket) => socket.on('position.report', (_fix, ack) => ack(OK)));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
