import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import net, { type AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { runMigrations } from '../../src/db/migrate';
import { openRolePools } from '../../src/db/role-pools';
import { Sql } from '../../src/db/sql';
import { apiKey, dossier } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';
import { seedCatalogue } from '../../seeds/seed-catalogue';

/** Its own PostgreSQL, in a process the test stops and starts again under the running server. */
let dir: string;
let port: number;
let postgres: ChildProcess;
const PASSWORD = 'outage-test';

async function startPostgres(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'postgres-process.mjs'), path.join(dir, 'pg'), String(port), PASSWORD], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of readline.createInterface({ input: child.stdout })) if (line === 'ready') return child;
  throw new Error('PostgreSQL did not start');
}
async function stopPostgres(): Promise<void> {
  const exited = new Promise((resolve) => postgres.once('exit', resolve));
  postgres.kill('SIGTERM');
  await exited;
}
let dataSource: DataSource;
let roles: ReturnType<typeof openRolePools>;
let t: TestApp;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-outage-'));
  port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  postgres = await startPostgres();
  const admin = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query('CREATE DATABASE procedures');
  await client.end();
  const url = admin.replace(/postgres$/, 'procedures');
  dataSource = createDataSource(url, 4);
  await dataSource.initialize();
  await runMigrations(dataSource);
  await seedCatalogue(Sql.of(dataSource));
  roles = openRolePools(url, 4);
  // The test keeps its database: the app is given it, and does not drop it on close.
  t = await createTestApp({ db: { url, dataSource, sql: Sql.of(dataSource), roles, drop: async () => undefined }, countCacheSize: 0, responseCacheBytes: 0 });
  base = t.base;
}, 120_000);
afterAll(async () => {
  await t?.close();
  await roles?.close();
  await dataSource?.destroy().catch(() => undefined);
  if (postgres?.exitCode === null) await stopPostgres();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (query: string, variables?: object, authorization?: string) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
const COUNT = '{ procedures(first: 1) { totalCount } }';
const UPSERT = `mutation ($d: [DossierUpsertInput!]!) { upsertDossiers(dossiers: $d) { created unchanged } }`;
const outageDossier = dossier('OUT-1', { dueAt: undefined }, '2026-03-02');

async function untilAnswered(query: string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await post(query);
    if (r.status === 200 || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('when PostgreSQL stops', () => {
  it('fails fast with SERVICE_UNAVAILABLE, is not ready but alive, and resumes by itself when it is back', async () => {
    expect((await post(COUNT)).status).toBe(200);
    await stopPostgres();

    const started = Date.now();
    const down = await post(COUNT);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    const body = await down.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(body).not.toMatch(/ECONNREFUSED|at .*\.js|127\.0\.0\.1|postgres/i);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    postgres = await startPostgres();
    const back = await untilAnswered(COUNT);
    expect(back.status).toBe(200);
    expect(((await back.json()) as any).data.procedures.totalCount).toBeGreaterThan(1000);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(t.loggedErrors).toEqual([]); // an outage is expected, not a bug to report
  }, 120_000);

  it('never loses an acknowledged dossier, and one refused during the outage can be sent again', async () => {
    const key = await apiKey(Sql.of(dataSource), '427', 'outage test');
    const acknowledged: any = await (await post(UPSERT, { d: [outageDossier] }, `Bearer ${key}`)).json();
    expect(acknowledged.data.upsertDossiers.created).toBe(1);

    await stopPostgres();
    const refused = await post(UPSERT, { d: [{ ...outageDossier, externalCode: 'OUT-2' }] }, `Bearer ${key}`);
    expect(refused.status).toBe(503);
    postgres = await startPostgres();
    await untilAnswered(COUNT);

    const retried: any = await (await post(UPSERT, { d: [outageDossier, { ...outageDossier, externalCode: 'OUT-2' }] }, `Bearer ${key}`)).json();
    expect(retried.data.upsertDossiers).toEqual({ created: 1, unchanged: 1 });
  }, 120_000);
});
