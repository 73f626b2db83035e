import { Pool } from 'pg';
import { SESSION_SETTINGS } from './session-settings';
import { Sql } from './sql';

/**
 * The roles the service runs as (see migrations LeastPrivilegeRoles and CatalogueWriter), each with
 * its own pool and its own limit on a statement's time: a public query that runs longer than a
 * person waits is stopped by PostgreSQL; an ingestion chunk or a catalogue write may take longer,
 * never forever.
 */
export const ROLES = {
  read: { role: 'procedures_reader', statementTimeoutMs: 5_000 },
  ingest: { role: 'procedures_ingest', statementTimeoutMs: 60_000 },
  catalogue: { role: 'procedures_catalogue', statementTimeoutMs: 60_000 },
} as const;

/** Catalogue writes wait for each other (a lock, see catalogue/write): more connections would only wait. */
const CATALOGUE_CONNECTIONS = 2;

/** Every role's pool (a GraphQL request gets its own RequestSql on the first two, see app/compose). */
export interface RolePools {
  /** Public queries: reads the published tables only. */
  read: Sql;
  /** Dossier writes: writes the dossier tables only. */
  ingest: Sql;
  /** The catalogue writer (catalogue/write: edits, imports and the seed): writes the catalogue tables only. */
  catalogue: Sql;
}

/**
 * Pools that connect with the owner's credentials and switch to each role for the whole session
 * (`-c role=`), so every statement they send is checked against the role's grants. Ingestion is
 * a small share of requests: it gets a quarter of the connections; the catalogue writer two.
 */
export function openRolePools(url: string, poolSize: number): RolePools & { close(): Promise<void> } {
  const pool = ({ role, statementTimeoutMs }: (typeof ROLES)[keyof typeof ROLES], max: number) =>
    new Pool({
      connectionString: url,
      max,
      application_name: `vn-procedures-api/${role}`,
      // A connection that cannot be had in 3 s fails the request (SERVICE_UNAVAILABLE) instead of holding it.
      connectionTimeoutMillis: 3000,
      options: `${SESSION_SETTINGS} -c role=${role} -c statement_timeout=${statementTimeoutMs}`,
    });
  const read = pool(ROLES.read, poolSize);
  const ingest = pool(ROLES.ingest, Math.max(2, Math.ceil(poolSize / 4)));
  const catalogue = pool(ROLES.catalogue, CATALOGUE_CONNECTIONS);
  // An idle connection the server closes (restart, outage) is reported here; the pool replaces it on the next request.
  for (const p of [read, ingest, catalogue]) p.on('error', () => undefined);
  return {
    read: new Sql(read),
    ingest: new Sql(ingest),
    catalogue: new Sql(catalogue),
    close: async () => {
      await Promise.all([read.end(), ingest.end(), catalogue.end()]);
    },
  };
}
