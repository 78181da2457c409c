/**
 * The id that ties one HTTP request's log lines together. A caller (a proxy, the 110 side) may bring its
 * own in `X-Request-Id` so both ends can be searched by one value; anything else is replaced, so a
 * header cannot smuggle a newline, a control character or a kilobyte of text into the logs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `-_.:`, 1 to 128 characters: UUIDs, ULIDs and the usual proxy ids all fit. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && WELL_FORMED.test(given) ? given : randomUUID();
}

/**
 * Gives the request its id and echoes it, first thing: a request the body parser refuses answers with
 * its id too, and the request logger (hub-logging.ts) takes the same id.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
