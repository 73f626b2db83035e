import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the API (the built dist/src/main.js) in a process of its own, as in production: on the
 * given database, no seeding, no request logs. Resolves with its GraphQL URL once it is ready.
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const main = path.resolve(__dirname, '../../src/main.js');
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'info',
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
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before it was ready`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
