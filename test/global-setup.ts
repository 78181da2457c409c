import { randomBytes } from 'node:crypto';

/**
 * One JWT secret for the whole run, in the environment every test process and every hub it starts
 * inherits (in-process, or spawned from dist like timers-crash): the hub refuses to start without one,
 * and two hubs on one database must agree on it for a token from one to work on the other.
 */
export default function setup(): void {
  process.env.JWT_SECRET ||= randomBytes(48).toString('base64url');
}
