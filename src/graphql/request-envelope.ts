import crypto from 'node:crypto';
import { AppError } from '../shared/errors';

/** What a GraphQL request's JSON may hold, checked before Apollo reads it. */
export const ENVELOPE_LIMITS = {
  /** Levels of nested objects and arrays in the whole body (a request needs about six). */
  depth: 32,
  /** Items of one array anywhere in the body: upsertDossiers takes 500, every other list 100. */
  listItems: 500,
} as const;

type EnvelopeCode = 'BAD_REQUEST' | 'BAD_USER_INPUT' | 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' | 'PERSISTED_QUERY_HASH_MISMATCH';
const problem = (code: EnvelopeCode, message: string) => new AppError(code, message);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why the parsed request (a POST body, or the parameters of a GET with `variables` and
 * `extensions` parsed) cannot be taken, or null. Every later step walks these values (variable
 * coercion item by item, the response cache's key, the persisted-query hash), so their size is
 * bounded here first, in one walk without recursion; and the client's mistakes with persisted
 * queries get their own codes instead of looking like a server error.
 */
export function envelopeProblem(request: unknown): AppError | null {
  if (!isObject(request)) return null; // Apollo answers a body that is not an object itself.
  const shape = shapeProblem(request);
  if (shape) return shape;
  const { extensions, query } = request;
  if (!isObject(extensions) || extensions.persistedQuery === undefined) return null;
  const persisted = extensions.persistedQuery;
  if (!isObject(persisted)) return problem('BAD_REQUEST', 'extensions.persistedQuery must be an object: { "version": 1, "sha256Hash": "<64 hex digits>" }');
  if (persisted.version !== 1) return problem('PERSISTED_QUERY_VERSION_NOT_SUPPORTED', 'Only version 1 of persisted queries is supported');
  if (typeof persisted.sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(persisted.sha256Hash)) {
    return problem('BAD_REQUEST', 'extensions.persistedQuery.sha256Hash must be the SHA-256 of the query in 64 lower-case hex digits');
  }
  if (typeof query === 'string' && crypto.createHash('sha256').update(query).digest('hex') !== persisted.sha256Hash) {
    return problem('PERSISTED_QUERY_HASH_MISMATCH', 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it');
  }
  return null;
}

function shapeProblem(root: Record<string, unknown>): AppError | null {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  while (pending.length) {
    const { value, depth } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > ENVELOPE_LIMITS.depth) return problem('BAD_REQUEST', `The request nests objects and arrays more than ${ENVELOPE_LIMITS.depth} levels deep`);
    const items = Array.isArray(value) ? value : Object.values(value);
    if (Array.isArray(value) && value.length > ENVELOPE_LIMITS.listItems) {
      return problem(
        'BAD_USER_INPUT',
        `A list in the request has ${value.length} items; at most ${ENVELOPE_LIMITS.listItems} are allowed (send more dossiers to POST /ingest/dossiers)`,
      );
    }
    for (const item of items) if (typeof item === 'object' && item !== null) pending.push({ value: item, depth: depth + 1 });
  }
  return null;
}
