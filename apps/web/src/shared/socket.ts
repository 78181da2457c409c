/** The typed socket.io connection to the hub, on the page's own origin; the hub picks the rooms. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@xiaonao/contracts';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface HubSocketHandlers {
  /** Connected; `again` after a drop, when the page should refetch what it may have missed. */
  onConnect(again: boolean): void;
  onDisconnect(): void;
  /** The hub refused the token. */
  onUnauthorized(): void;
}

export function connectHub(token: string, handlers: HubSocketHandlers): HubSocket {
  const socket: HubSocket = io({ auth: { token }, transports: ['websocket', 'polling'] });
  let connectedBefore = false;
  socket.on('connect', () => {
    handlers.onConnect(connectedBefore);
    connectedBefore = true;
  });
  socket.on('disconnect', () => handlers.onDisconnect());
  socket.on('connect_error', (error) => {
    if (/unauthori[sz]ed|invalid token|jwt|401/i.test(error.message)) handlers.onUnauthorized();
    else handlers.onDisconnect();
  });
  return socket;
}
