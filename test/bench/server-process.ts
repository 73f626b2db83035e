import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Contestant } from './bench-queries';

export interface ServerProcess {
  url: string;
  /** Its process id, to read its memory by. */
  pid: number;
  stop(): Promise<void>;
}

/** The built script each contestant runs (dist/), and what it needs besides the database. */
const CONTESTANTS: Record<Contestant, { script: string; env: Record<string, string> }> = {
  // One client making thousands of requests a second over many connections is the point of a bench,
  // not abuse: no rate limit, and no limit on its connections (back-to-back runs of 32 overlap theirs).
  ours: { script: '../../src/main.js', env: { SEED_ON_START: 'false', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', CONNECTIONS_PER_CLIENT: '0' } },
  // Ours with no whole answers kept: every request is executed (counts are still kept).
  'ours-uncached': {
    script: '../../src/main.js',
    env: { SEED_ON_START: 'false', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', CONNECTIONS_PER_CLIENT: '0', RESPONSE_CACHE_MB: '0' },
  },
  postgraphile: { script: './postgraphile-server.js', env: { GRAPHILE_ENV: 'production' } },
  baseline: { script: './baseline-server.js', env: {} },
};

/**
 * The Node binary every contestant runs on: node@22's when it is installed (PostGraphile 5 needs
 * Node 22, and the contestants must share one binary for a fair comparison), else this one.
 */
export function contestantNode(): string {
  try {
    return require.resolve('node/bin/node');
  } catch {
    return process.execPath;
  }
}

/**
 * Starts a contestant in a process of its own, as in production: NODE_ENV=production, on the
 * given database, with a pool of DB_POOL_SIZE connections. Resolves with its GraphQL URL once it
 * prints its `ready` line.
 */
export async function startServer(contestant: Contestant, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const { script, env: own } = CONTESTANTS[contestant];
  const child: ChildProcess = spawn(contestantNode(), [path.resolve(__dirname, script)], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DB_POOL_SIZE: '10',
      PORT: '0',
      HOST: '127.0.0.1',
      ...own,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { message?: string; url?: string };
        if (entry.message === 'ready' && entry.url) resolve(entry.url.replace('localhost', '127.0.0.1'));
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`${contestant} exited with code ${code} before it was ready`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
