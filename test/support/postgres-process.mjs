// A PostgreSQL cluster in a process of its own, for tests that stop and start it under a running
// server: `node postgres-process.mjs <clusterDir> <port> <password>` initialises the cluster when
// needed, starts it, prints "ready", and shuts it down (fast mode) on SIGTERM.
// Plain JavaScript run by node rather than Jest, on the build (npm test builds first), like the
// tests of the built server; the same pieces as the embedded server, without its `procedures`
// database.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { postgresBinaries } = require('../../dist/src/db/postgres-binaries.js');
const { postgresOsUser } = require('../../dist/src/db/postgres-os-user.js');
const { initCluster, startPostmaster } = require('../../dist/src/db/postmaster.js');

const [clusterDir, port, password] = process.argv.slice(2);
// Under root, PostgreSQL runs as the postgres user, who must be able to enter the cluster's directory.
const user = process.getuid?.() === 0 ? postgresOsUser() : null;
if (user) {
  fs.mkdirSync(path.dirname(clusterDir), { recursive: true });
  fs.chmodSync(path.dirname(clusterDir), 0o755);
}
const binaries = postgresBinaries(user);
if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initCluster(binaries, clusterDir, password, user);
const postmaster = await startPostmaster(binaries, clusterDir, Number(port), user);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  postmaster.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
