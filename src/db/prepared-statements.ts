import crypto from 'node:crypto';
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

const preparedOn = new WeakMap<PoolClient, Map<string, true>>();
const seenOnce = new Map<string, true>();

/** Marks `key` as used last in an insertion-ordered map; false when it was not there. */
function touch(map: Map<string, true>, key: string): boolean {
  if (!map.delete(key)) return false;
  map.set(key, true);
  return true;
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
  const name = `s_${crypto.createHash('sha1').update(query.text).digest('base64url')}`;
  let kept = preparedOn.get(client);
  if (!kept) preparedOn.set(client, (kept = new Map<string, true>()));
  if (touch(kept, name)) return { ...query, name };
  if (!touch(seenOnce, name)) {
    seenOnce.set(name, true);
    if (seenOnce.size > REMEMBERED) seenOnce.delete(seenOnce.keys().next().value!);
    return query;
  }
  if (kept.size >= PER_CONNECTION) {
    const oldest = kept.keys().next().value!;
    kept.delete(oldest);
    deallocate(client, oldest);
  }
  kept.set(name, true);
  return { ...query, name };
}
