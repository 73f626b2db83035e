import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/project-root';

/**
 * What a newcomer does: `npm start` with no DATABASE_URL. Runs the built server (npm test builds
 * it first) on a fresh data directory, then starts it again on the same directory.
 */
const MAIN = path.join(projectRoot, 'dist', 'src', 'main.js');

interface Running {
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
}

function start(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in time; stderr: ${stderr}`)), 90_000);
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
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
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

async function totals(url: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ catalogueSummary { total byOneStop { isOneStop count } } }' }),
  });
  const body = (await response.json()) as { data: { catalogueSummary: unknown } };
  return body.data.catalogueSummary;
}

describe('npm start on the embedded PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('initialises, migrates, seeds and serves; a restart reuses the data', async () => {
    const first = await start(dataDir);
    try {
      expect(first.logs.map((l) => l.message)).toEqual(
        expect.arrayContaining(['migrations applied', 'seed catalogue loaded', 'ready']),
      );
      expect(await totals(first.url)).toEqual({ total: 1823, byOneStop: [{ isOneStop: true, count: 1603 }, { isOneStop: false, count: 220 }] });
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);

    const second = await start(dataDir);
    try {
      const messages = second.logs.map((l) => l.message);
      expect(messages).toContain('seed catalogue already up to date');
      expect(messages).not.toContain('migrations applied');
      expect(await totals(second.url)).toMatchObject({ total: 1823 });
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('drains a request in flight on SIGTERM, refuses new ones, then exits cleanly', async () => {
    const running = await start(dataDir);
    const body = JSON.stringify({ query: '{ catalogueSummary { total } }' });
    // Half the body now, the rest after the signal: the request is in flight when the server is told to stop.
    const request = http.request(running.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = stop(running);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).rejects.toThrow();
    request.end(body.slice(10));
    const { status, text } = await answered;
    expect(status).toBe(200);
    expect(JSON.parse(text).data).toEqual({ catalogueSummary: { total: 1823 } });
    expect(await exited).toBe(0);
  });
});
