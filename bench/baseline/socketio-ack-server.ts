/** A plain socket.io server that only acknowledges: the floor any socket round trip stands on. */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => socket.on('hub.ping', (sentAt: number, ack: (x: number) => void) => ack(sentAt)));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
