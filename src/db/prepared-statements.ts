import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PoolClient, QueryConfig } from 'pg';

/** Statements kept prepared on one connection; the least recently used is deallocated first. */
export const PER_CONNECTION = 100;
/** Statement texts remembered as seen once, process-wide: a text is prepared from its second use on. */
const REMEMBERED = 1_000;

/** node-postgres's record of the statements a connection has prepared, which it consults before sending Parse. */
interface ParsedStatements {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/** Texts seen, each with its name (hashed once per text, not per execution); bounded in bytes too, a text can be long. */
const namesOfSeen = new LRUCache<string, string>({ max: REMEMBERED, maxSize: 8 * 1024 * 1024, sizeCalculation: (_name, text) => text.length });
const preparedOn = new WeakMap<PoolClient, LRUCache<string, true>>();

/** The statements prepared on `client`, most recently used last: one dropped past PER_CONNECTION is deallocated. */
function preparedStatementsOf(client: PoolClient): LRUCache<string, true> {
  let kept = preparedOn.get(client);
  if (!kept) {
    kept = new LRUCache<string, true>({ max: PER_CONNECTION, dispose: (_, name, reason) => reason === 'evict' && deallocate(client, name) });
    preparedOn.set(client, kept);
  }
  return kept;
}

/** Drops a statement from the connection: node-postgres forgets it now, the server when the DEALLOCATE, queued next on the connection, runs. */
function deallocate(client: PoolClient, name: string): void {
  const state = (client as unknown as { connection: ParsedStatements }).connection;
  delete state.parsedStatements[name];
  delete state.submittedNamedStatements[name];
  client.query(`DEALLOCATE "${name}"`).catch(() => undefined);
}

/**
 * The statement as one the connection keeps prepared, named by its text's hash: PostgreSQL then
 * parses and analyses it once per connection, and from then on only plans and executes it.
 * Generated SQL is one text per shape of request (selection, filter, order), its values are
 * parameters, so the texts that recur are few; a text seen once before is prepared, a text never
 * seen runs unnamed (a shape nobody repeats must not evict those that recur), and each connection
 * keeps at most PER_CONNECTION of them. `client` must be idle (held by the caller, nothing queued).
 */
export function asPrepared(client: PoolClient, query: QueryConfig): QueryConfig {
  if (query.name) return query;
  const name = namesOfSeen.get(query.text);
  if (name === undefined) {
    namesOfSeen.set(query.text, `s_${crypto.createHash('sha1').update(query.text).digest('base64url')}`);
    return query;
  }
  const kept = preparedStatementsOf(client);
  if (kept.get(name)) return { ...query, name };
  // Past PER_CONNECTION this drops the least recently used, whose DEALLOCATE is queued first.
  kept.set(name, true);
  return { ...query, name };
}
