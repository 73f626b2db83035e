import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root';

/** The server as `npm start` runs it (npm test builds dist/ first). */
const BUILT_MAIN = path.join(projectRoot, 'dist', 'tools', 'start.js');

export interface RunningServer {
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
}

/**
 * Starts `node <main>` with the embedded PostgreSQL (no DATABASE_URL) on a free port and resolves
 * on its `ready` log line. `env` adds to the test's environment: DATA_DIR, for one.
 */
export function startBuiltServer(env: NodeJS.ProcessEnv, main = BUILT_MAIN): Promise<RunningServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [main], { env: childEnv, cwd: path.dirname(path.dirname(path.dirname(main))), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in time; stderr: ${stderr}`)), 90_000);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.message === 'ready') {
          clearTimeout(timer);
          resolve({ child, url: entry.url, logs });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}

/** SIGTERM, then the exit code. */
export function stopBuiltServer(running: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve(running.child.exitCode);
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

export async function graphql(url: string, query: string, variables?: object, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}
