import { createServer } from 'node:http';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { SESSION_SETTINGS } from '../../src/db/session-settings';

/**
 * The benchmark's peer: PostGraphile 5 over the same tables, as its documentation sets it up for
 * production (amber preset, simplified inflection, the connection-filter plugin; no GraphiQL, no
 * watch mode, no explain), with the same pool size and session settings as ours. Prints the same `ready` line as our
 * server. Needs Node 22 (the bench runs it, and every other contestant, with node@22's binary).
 */
async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PostGraphileConnectionFilterPreset],
    // PostGraphile offers ordering only by indexed columns; legal bases are listed by their
    // unindexed position, as ours lists them, so the peer is allowed to order by any column.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [
      makePgService({
        connectionString,
        schemas: ['public'],
        // The same pool size and session settings as ours: the contestants differ only above the database.
        poolConfig: { max: Number(process.env.DB_POOL_SIZE ?? 10), options: SESSION_SETTINGS },
      }),
    ],
    grafserv: { graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const server = createServer();
  const serv = pgl.createServ(grafserv);
  void serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ message: 'ready', url: `http://127.0.0.1:${port}/graphql` })}\n`);
  const stop = () => server.close(() => void Promise.resolve(pgl.release()).then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`postgraphile failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
