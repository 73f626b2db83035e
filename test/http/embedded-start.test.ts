import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuiltServer, stopBuiltServer } from '../support/built-server';

/**
 * What a newcomer does: `npm start` with no DATABASE_URL. Runs the built server (npm test builds
 * it first) on a fresh data directory, then starts it again on the same directory.
 */
const start = (dataDir: string) => startBuiltServer({ DATA_DIR: dataDir });

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
      expect(first.logs.map((l) => l.message)).toEqual(expect.arrayContaining(['migrations applied', 'seed catalogue loaded', 'ready']));
      expect(await totals(first.url)).toEqual({
        total: 1823,
        byOneStop: [
          { isOneStop: true, count: 1603 },
          { isOneStop: false, count: 220 },
        ],
      });
    } finally {
      expect(await stopBuiltServer(first)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);

    const second = await start(dataDir);
    try {
      const messages = second.logs.map((l) => l.message);
      expect(messages).toContain('seed catalogue already up to date');
      expect(messages).not.toContain('migrations applied');
      expect(await totals(second.url)).toMatchObject({ total: 1823 });
    } finally {
      expect(await stopBuiltServer(second)).toBe(0);
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
    const exited = stopBuiltServer(running);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).rejects.toThrow();
    request.end(body.slice(10));
    const { status, text } = await answered;
    expect(status).toBe(200);
    expect(JSON.parse(text).data).toEqual({ catalogueSummary: { total: 1823 } });
    expect(await exited).toBe(0);
  });
});
