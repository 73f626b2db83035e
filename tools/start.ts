import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { serve, startFailed } from '../src/main';
import { loadSeed } from '../seeds/load-seed';

/**
 * `npm start`: the server as deployed (src/main.ts), with the seed catalogue (through the
 * catalogue writer, as its role) and the seed dossiers loaded first when they are missing or
 * changed (SEED_ON_START, default true). The seed's generators
 * are not part of the production build; a deployment loads its catalogue with `npm run seed`
 * or an import.
 */
const config = loadConfig();
serve(config, async (database, log) => {
  if (!config.seedOnStart) return;
  const { catalogue, statistics } = await loadSeed(database.openRoles().catalogue, database.sql);
  log.info({ ...catalogue }, catalogue.applied ? 'seed catalogue loaded' : 'seed catalogue already up to date');
  log.info({ ...statistics }, statistics.applied ? 'seed dossiers and published figures loaded' : 'seed dossiers already up to date');
}).catch(startFailed);
