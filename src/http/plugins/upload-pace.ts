import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AppError } from '../../shared/errors';

/** How slowly a client may send a request body; time counts only while the server waits for it. */
export interface UploadPace {
  /** Longest wait for the next bytes. */
  idleMs: number;
  /** Longest wait for the whole body, summed; absent for bodies of any length. */
  totalMs?: number;
  /** Slowest average rate over each `windowMs` of waiting. */
  minBytesPerSecond?: number;
  windowMs?: number;
}

/** A body that arrives too slowly: answered 408, and the connection closed (see sendError). */
export class UploadTooSlow extends AppError {
  constructor(message: string) {
    super('REQUEST_TIMEOUT', message);
  }
}

/**
 * `body`, refused with UploadTooSlow once it arrives slower than `pace` allows. Only the time the
 * reader waits for the client counts: a reader that stops to write what it has read (the bulk
 * route, while a chunk is written to the database) does not make the client slow. A client that
 * sends a byte every few seconds would otherwise hold its connection, and the memory of what it
 * sent, for as long as it likes.
 */
function pacedUpload(body: Readable, pace: UploadPace): Readable {
  let waitingSince: number | null = null;
  let waited = 0;
  let windowWaited = 0;
  let windowBytes = 0;
  let timer: NodeJS.Timeout | null = null;

  const fail = (message: string) => paced.destroy(new UploadTooSlow(message));
  const startWaiting = () => {
    if (waitingSince !== null || paced.destroyed) return;
    waitingSince = Date.now();
    const totalLeft = pace.totalMs === undefined ? Infinity : Math.max(0, pace.totalMs - waited);
    const message =
      totalLeft < pace.idleMs
        ? `the request body did not arrive within ${pace.totalMs! / 1000} s`
        : `no byte of the request body arrived for ${pace.idleMs / 1000} s`;
    timer = setTimeout(() => fail(message), Math.min(pace.idleMs, totalLeft));
  };
  const stopWaiting = () => {
    if (waitingSince === null) return;
    const ms = Date.now() - waitingSince;
    waitingSince = null;
    waited += ms;
    windowWaited += ms;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const paced = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      stopWaiting();
      windowBytes += chunk.length;
      if (pace.totalMs !== undefined && waited > pace.totalMs)
        return done(new UploadTooSlow(`the request body did not arrive within ${pace.totalMs / 1000} s`));
      if (pace.minBytesPerSecond !== undefined && pace.windowMs !== undefined && windowWaited >= pace.windowMs) {
        const rate = (windowBytes * 1000) / windowWaited;
        if (rate < pace.minBytesPerSecond)
          return done(new UploadTooSlow(`the request body arrives at ${Math.round(rate)} bytes/s; at least ${pace.minBytesPerSecond} are needed`));
        windowWaited = 0;
        windowBytes = 0;
      }
      done(null, chunk);
      // With room left for what is read next, the next bytes are awaited from the client from now on;
      // without, from when the reader asks for more (_read).
      if (paced.readableLength < paced.readableHighWaterMark) startWaiting();
    },
    flush(done: TransformCallback) {
      stopWaiting();
      done();
    },
    destroy(error, done) {
      if (timer) clearTimeout(timer);
      body.unpipe(paced);
      done(error);
    },
  });
  const read = paced._read.bind(paced);
  paced._read = (size: number) => {
    startWaiting();
    read(size);
  };
  body.on('error', (error) => paced.destroy(error));
  body.pipe(paced);
  return paced;
}

/**
 * A request's body as a route reads it: paced (see pacedUpload) unless it is the request itself
 * and every byte its Content-Length announces has already arrived with the head, so that nothing
 * is left to wait for. A query's body nearly always has; pacing it anyway cost a stream, a timer
 * and their listeners per request (about 2 % of a whole record's server CPU).
 */
export function pacedBody(request: IncomingMessage, body: Readable, pace: UploadPace): Readable {
  const received = body === request && request.readableLength === Number(request.headers['content-length']);
  return received ? body : pacedUpload(body, pace);
}
