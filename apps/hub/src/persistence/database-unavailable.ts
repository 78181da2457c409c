/**
 * Whether an error means PostgreSQL could not be reached or went away (stopped, restarting, network cut),
 * as opposed to a statement it refused. Such errors answer 503 with Retry-After: the 110 side retries,
 * and nothing was written (a transaction that lost its connection is rolled back by PostgreSQL).
 */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE class 08 (connection exception) and the shutdown codes of class 57. */
const SQL_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Connection is not established/i];

function fields(error: object): { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } {
  return error;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, driverError, cause } = fields(error);
  if (typeof code === 'string' && (NODE_CODES.has(code) || SQL_STATES.has(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // TypeORM wraps the driver's error; AggregateError (several addresses refused) holds them in `errors`.
  const inner = [driverError, cause, ...((error as { errors?: unknown[] }).errors ?? [])];
  return inner.some((e) => isDatabaseUnavailable(e, depth + 1));
}
