import { execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root';
import { graphql, startBuiltServer, stopBuiltServer, type RunningServer } from '../support/built-server';
import { isAlive, killProcessesIn, lockFilePid, processesIn } from '../support/cluster-processes';

/**
 * The embedded PostgreSQL runs in a process of its own, so it outlives a server killed with
 * SIGKILL, and commands such as the key CLI run while the server does. One server (and its data
 * directory) serves the three steps in order.
 */
const API_KEY_CLI = path.join(projectRoot, 'dist', 'tools', 'api-key.js');
const UPSERT = 'mutation ($dossiers: [DossierUpsertInput!]!) { upsertDossiers(dossiers: $dossiers) { created rejected } }';
const DOSSIER = {
  externalCode: 'CLI-1',
  procedureCode: '1.001193',
  unitCode: '17641', // a commune of Đô Lương (427)
  level: 'COMMUNE',
  channel: 'ONLINE',
  status: 4,
  receivedAt: '2026-03-02T09:00:00+07:00',
  dueAt: '2026-03-06T17:00:00+07:00',
  updatedAt: '2026-03-02T09:00:00+07:00',
};

function runApiKeyCli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [API_KEY_CLI, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const total = async (url: string) => (await graphql(url, '{ catalogueSummary { total } }')).data?.catalogueSummary.total;

describe('the embedded PostgreSQL beside the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-recovery-'));
  const clusterDir = path.join(dataDir, 'pg');
  let server: RunningServer | null = null;

  beforeAll(async () => {
    server = await startBuiltServer({ DATA_DIR: dataDir });
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    killProcessesIn(clusterDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a start after the server was killed with SIGKILL stops the PostgreSQL it left behind, and serves', async () => {
    const killed = server!;
    server = null;
    const exited = once(killed.child, 'exit');
    killed.child.kill('SIGKILL');
    await exited;
    const leftover = lockFilePid(clusterDir)!;
    expect(isAlive(leftover)).toBe(true);

    server = await startBuiltServer({ DATA_DIR: dataDir });
    expect(server.logs.map((l) => l.message)).toContainEqual(expect.stringMatching(`stopping the PostgreSQL \\(pid ${leftover}\\) left running`));
    expect(isAlive(leftover)).toBe(false);
    expect(lockFilePid(clusterDir)).not.toBe(leftover);
    expect(await total(server.url)).toBe(1823);
  });

  it("the API key CLI uses the running server's PostgreSQL, and the server keeps serving", async () => {
    const postmaster = lockFilePid(clusterDir);
    const cli = await runApiKeyCli(dataDir, ['create', '--unit', '427', '--name', 'test desk']);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    const key = cli.stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^vnp_/);
    expect(lockFilePid(clusterDir)).toBe(postmaster);

    const written = await graphql(server!.url, UPSERT, { dossiers: [DOSSIER] }, `Bearer ${key}`);
    expect(written.errors).toBeUndefined();
    expect(written.data).toEqual({ upsertDossiers: { created: 1, rejected: 0 } });
    expect(await total(server!.url)).toBe(1823);
  });

  it('a second server on the same data directory is refused, naming the process that runs it', async () => {
    await expect(startBuiltServer({ DATA_DIR: dataDir })).rejects.toThrow(
      new RegExp(`server exited with 1: failed to start: .*${dataDir} is in use: .* belongs to process ${server!.child.pid} \\(.*tools/start\\.js\\)`),
    );
    expect(await total(server!.url)).toBe(1823);
  });

  it('SIGTERM stops the server and leaves no PostgreSQL process of its data directory', async () => {
    const postmaster = lockFilePid(clusterDir)!;
    expect(await stopBuiltServer(server!)).toBe(0);
    server = null;
    expect(isAlive(postmaster)).toBe(false);
    expect(processesIn(clusterDir)).toEqual([]);
  });
});
