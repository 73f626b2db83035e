import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import type { Config } from '../config';

/**
 * Structured logs: one JSON object a line on stdout (pino), with an ISO time, the level as a word
 * and the message under `message`; request lines carry the request's `requestId`.
 */
export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      messageKey: 'message',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination(1),
  );
}
export type Logger = pino.Logger;

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A request's id: the caller's `X-Request-Id` when it is a plausible one (to follow a request across services), else a new one. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
