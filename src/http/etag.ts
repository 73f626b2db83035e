import type { FastifyRequest } from 'fastify';

/** Whether the client's If-None-Match holds `etag` (strong or weak, in a list, or `*`): its copy is current. */
export function clientHas(request: FastifyRequest, etag: string): boolean {
  const given = request.headers['if-none-match'];
  if (given === undefined) return false;
  return given.split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));
}
