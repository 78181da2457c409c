/**
 * Logs as JSON lines (pino via nestjs-pino), one per event, with the request id of the HTTP request they
 * belong to; readable lines instead for a person at a terminal (`npm start`) or with LOG_FORMAT=pretty.
 *
 * What a line may hold is decided here, not by each caller: a request is logged as its id, method, path
 * (no query string), status and duration; never its body, headers, API key, signature or cookies; and
 * a mainland mobile number anywhere in a message is masked.
 *
 * nestjs-pino keeps one logger per process (the first hub started in a process sets it) and Nest's
 * `new Logger('X')` is process-wide too: tests that start several hubs in one process share it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions, type DestinationStream, type Level, type LogFn } from 'pino';
import type { Options } from 'pino-http';
import PinoPretty from 'pino-pretty';
import type { HubConfig } from '../config/hub-config';
import { maskPhoneNumbers } from './log-masking';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

/** LOG_LEVEL keeps Nest's names; pino calls `log` info. */
const PINO_LEVEL: Record<HubConfig['logLevel'], Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/**
 * Defence in depth for objects someone logs whole (`logger.warn({ req })`, a provider's request): the
 * serializers below already leave headers out of request lines.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-xiaonao-signature"]',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["x-xiaonao-signature"]',
  'headers["webhook-signature"]',
  '*.password',
  '*.callerPhone',
  '*.caller_phone',
];

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

interface SerializedResponse {
  statusCode?: number;
}

/** The request's path only: query strings carry search text (addresses) and socket session ids. */
function pathOf(url: string | undefined): string | undefined {
  return url?.split('?', 1)[0];
}

/** Every string argument of a log call is masked before pino formats it. */
function maskArguments(this: unknown, args: Parameters<LogFn>, method: LogFn): void {
  const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskPhoneNumbers(arg) : arg));
  method.apply(this, masked as Parameters<LogFn>);
}

function prettyStream(): DestinationStream {
  return PinoPretty({
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    sync: true,
    ignore: 'pid,hostname,instance,context,req,res,reqId,responseTime',
    messageFormat: (log, messageKey) => {
      const req = log.req as SerializedRequest | undefined;
      const res = log.res as SerializedResponse | undefined;
      const where = typeof log.context === 'string' ? `[${log.context}] ` : '';
      const took = typeof log.responseTime === 'number' ? ` ${log.responseTime}ms` : '';
      const request = req ? ` ${req.method ?? ''} ${req.url ?? ''} ${res?.statusCode ?? ''}${took} #${String(req.id)}` : '';
      const message = log[messageKey];
      return `${where}${typeof message === 'string' ? message : JSON.stringify(message ?? '')}${request}`;
    },
  });
}

export type LogDestination = DestinationStream;

/**
 * The logger module of a hub. `destination` replaces standard output (tests read the lines from it);
 * otherwise JSON goes to stdout, or readable lines when the format says so or stdout is a terminal.
 */
export function hubLogging(config: HubConfig, destination?: LogDestination): DynamicModule {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === null && Boolean(process.stdout.isTTY));
  const options: Options<IncomingMessage, ServerResponse> = {
    level: PINO_LEVEL[config.logLevel],
    base: { instance: config.instanceId },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { logMethod: maskArguments },
    // assignRequestId gave the request its id before anything else ran; a hub without it still gets one.
    genReqId: (req, res) => {
      if (typeof req.id === 'string') return req.id;
      const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Inside a request, a line carries the request id only; the request itself is on its closing line.
    quietReqLogger: true,
    // A 503 is PostgreSQL away (Retry-After given): hundreds of them in an outage are a warning each, without a stack.
    customLogLevel: (_req, res, error) => (res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info'),
    customErrorObject: (_req, res, _error, val: Record<string, unknown>) => (res.statusCode === 503 ? { ...val, err: undefined } : val),
    customErrorMessage: (_req, res) => (res.statusCode === 503 ? 'request answered 503 (service unavailable)' : 'request errored'),
    customSuccessMessage: () => 'request completed',
    // The container's health probe every few seconds is not news.
    autoLogging: { ignore: (req) => pathOf(req.url) === '/health' },
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, url: pathOf(req.url) }),
      res: (res: SerializedResponse) => ({ statusCode: res.statusCode }),
    },
  };
  const stream = destination ?? (pretty ? prettyStream() : undefined);
  return LoggerModule.forRoot({ pinoHttp: stream ? [options, stream] : options });
}
