/**
 * The route a request matched, as a metric label: the controller's path pattern, never the raw URL
 * (ids would make a series per case). The request logger is mounted as a catch-all route
 * (nestjs-pino's `{/*splat}`), which Express leaves as `req.route` on a request no controller took:
 * such requests are `other`.
 */
import type { Request } from 'express';

const LOGGER_CATCH_ALL = '{/*splat}';

export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path !== LOGGER_CATCH_ALL ? path : 'other';
}
