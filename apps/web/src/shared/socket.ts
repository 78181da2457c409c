/**
 * The typed socket.io connection to the hub, on the page's own origin; the hub picks the rooms. With a
 * session, the socket presents the current access token at every (re)connection, hands the hub each
 * fresh token (`session.renew`) so it stays open past the old one's expiry, and when the hub closes it
 * anyway (`session.ended`) refreshes and reconnects if the token merely expired, or gives up if the
 * session was ended (signed out, revoked).
 */
import { io, type Socket } from 'socket.io-client';
import { SOCKET_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@xiaonao/contracts';
import type { LiveSession } from './session';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface HubSocketHandlers {
  /** Connected; `again` after a drop, when the page should refetch what it may have missed. */
  onConnect(again: boolean): void;
  onDisconnect(): void;
  /** The session is over: the hub refused the token and it could not be refreshed. */
  onUnauthorized(): void;
}

const REFUSED = /unauthori[sz]ed|invalid token|jwt|401/i;

export function connectHub(session: LiveSession | string, handlers: HubSocketHandlers): HubSocket {
  const live = typeof session === 'string' ? null : session;
  const tokenNow = (): string => (live ? live.token : (session as string));
  // A function: each reconnection presents the token as it is then, not as it was at page load.
  const socket: HubSocket = io({ auth: (cb) => cb({ token: tokenNow() }), transports: ['websocket', 'polling'] });
  let connectedBefore = false;
  socket.on('connect', () => {
    handlers.onConnect(connectedBefore);
    connectedBefore = true;
  });
  socket.on('disconnect', () => handlers.onDisconnect());

  /** A refused or expired token: refresh, then connect again; a session that cannot be refreshed is over. */
  const reconnectFresh = (refused: string): void => {
    if (!live) return handlers.onUnauthorized();
    live
      .renewAfterRefusal(refused)
      .then((next) => (next === null ? handlers.onUnauthorized() : void socket.connect()))
      // Offline just now: socket.io's own retry does not apply to a refusal, so try again shortly.
      .catch(() => setTimeout(() => reconnectFresh(refused), 5_000));
  };

  socket.on('connect_error', (error) => {
    if (REFUSED.test(error.message)) reconnectFresh(tokenNow());
    else handlers.onDisconnect();
  });
  socket.on(SOCKET_EVENTS.sessionEnded, (ended) => {
    // The hub disconnects right after saying so: reconnect once that has happened.
    if (ended.reason === 'expired') socket.once('disconnect', () => reconnectFresh(tokenNow()));
    else handlers.onUnauthorized();
  });
  live?.onTokenChange((token) => {
    if (socket.connected) socket.emit(SOCKET_EVENTS.sessionRenew, { token }, () => undefined);
  });
  return socket;
}
