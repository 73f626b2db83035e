import type { Server, Socket } from 'node:net';
import proxyaddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';

const OVER_LIMIT = Symbol('over the client connection limit');
type MarkedSocket = Socket & { [OVER_LIMIT]?: true };

/**
 * Open connections from one client address are limited to `max`: each one beyond is answered 429
 * at its first request and closed (one that never sends a request is closed by the headers
 * timeout). Without this, one address can hold every socket and file descriptor the process has,
 * slowly or idly. A trusted proxy carries many clients, so its connections are not counted; its
 * clients are told apart by the rate limiter instead. `max` 0 limits nothing.
 */
export function limitConnectionsPerClient(app: FastifyInstance, max: number, trustedProxies: string[]): void {
  if (max === 0) return;
  const isProxy = trustedProxies.length ? proxyaddr.compile(trustedProxies) : () => false;
  const open = new Map<string, number>();
  (app.server as Server).on('connection', (socket: MarkedSocket) => {
    const address = socket.remoteAddress ?? '';
    if (isProxy(address, 0)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket[OVER_LIMIT] = true;
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = open.get(address)! - 1;
      if (left) open.set(address, left);
      else open.delete(address);
    });
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!(request.raw.socket as MarkedSocket)[OVER_LIMIT]) return;
    return reply
      .code(429)
      .header('retry-after', 5)
      .header('connection', 'close')
      .send({
        errors: [{ message: `Too many connections from your address: at most ${max} may be open at once`, extensions: { code: 'TOO_MANY_CONNECTIONS' } }],
      });
  });
}
