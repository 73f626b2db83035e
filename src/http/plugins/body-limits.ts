import type { FastifyInstance } from 'fastify';

/** Largest request body on /graphql: far above any real query, far below harm. */
export const MAX_BODY_BYTES = 100 * 1024;
/** Largest body of a request that carries an API key: room for upsertDossiers' 500 dossiers with every field. */
const MAX_WRITE_BODY_BYTES = 512 * 1024;

/** What an API key looks like (see ApiKeyService); whether it is a valid one is checked before anything is written. */
const API_KEY = /^Bearer\s+vnp_\S{20,}$/i;

/**
 * JSON bodies are limited to MAX_BODY_BYTES, or MAX_WRITE_BODY_BYTES when the request carries
 * something shaped like an API key (a write). Both bound the memory of one request; larger loads
 * go to the streamed bulk endpoint.
 */
export function limitJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_WRITE_BODY_BYTES }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    if (!API_KEY.test(request.headers.authorization ?? '') && Buffer.byteLength(text) > MAX_BODY_BYTES) {
      const error = Object.assign(
        new Error(`Request body is too large: at most ${MAX_BODY_BYTES / 1024} kB (${MAX_WRITE_BODY_BYTES / 1024} kB with an API key)`),
        { statusCode: 413 },
      );
      done(error, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
