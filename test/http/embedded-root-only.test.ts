import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_RECORD } from '../../src/db/cluster-location';
import { RELOCATED_CLUSTERS_DIR } from '../../src/db/root-shared-dirs';
import { projectRoot } from '../../src/shared/project-root';
import { graphql, startBuiltServer, stopBuiltServer } from '../support/built-server';
import { killProcessesIn } from '../support/cluster-processes';

/**
 * As root, PostgreSQL runs as the `postgres` user. A clone where only root may enter (`mktemp -d`,
 * anything under /root) must still start and test: neither the binaries in its node_modules nor
 * its `.data/` are reachable by that user.
 */
const asRoot = process.getuid?.() === 0;

/** What a clone holds: the files git tracks or would track, plus node_modules and dist hard-linked (same filesystem, fast). */
function cloneProject(to: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: projectRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(projectRoot, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(from, path.join(to, file));
  }
  execFileSync('cp', ['-al', path.join(projectRoot, 'node_modules'), path.join(projectRoot, 'dist'), to]);
}

/** The clusters kept outside data directories that lie in `dir`, each recorded with its data directory. */
function relocatedClustersOf(dir: string): string[] {
  if (!fs.existsSync(RELOCATED_CLUSTERS_DIR)) return [];
  return fs
    .readdirSync(RELOCATED_CLUSTERS_DIR)
    .map((name) => path.join(RELOCATED_CLUSTERS_DIR, name))
    .filter((cluster) => {
      try {
        return fs.readFileSync(path.join(cluster, DATA_DIR_RECORD), 'utf8').startsWith(`${dir}/`);
      } catch {
        return false;
      }
    });
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

// Jest has no way to give a skip its reason, so the title carries it.
(asRoot ? describe : describe.skip)(
  `a clone in a directory only root may enter${asRoot ? '' : ' (skipped: the tests do not run as root, so every directory they make is one PostgreSQL can enter)'}`,
  () => {
    let clone: string;
    beforeAll(() => {
      clone = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-clone-')));
      cloneProject(clone);
    });
    afterAll(() => {
      for (const cluster of relocatedClustersOf(clone)) {
        killProcessesIn(path.join(cluster, 'pg'));
        fs.rmSync(cluster, { recursive: true, force: true });
      }
      fs.rmSync(clone, { recursive: true, force: true });
    });

    it('is closed to every other user (the premise)', () => {
      const stat = fs.statSync(clone);
      expect({ owner: stat.uid, mode: stat.mode & 0o777 }).toEqual({ owner: 0, mode: 0o700 });
    });

    it('npm start serves from it, with .data/ inside the clone, and stops cleanly', async () => {
      const server = await startBuiltServer({ DATA_DIR: undefined }, path.join(clone, 'dist', 'tools', 'start.js'));
      try {
        expect((await graphql(server.url, '{ catalogueSummary { total } }')).data).toEqual({ catalogueSummary: { total: 1823 } });
      } finally {
        expect(await stopBuiltServer(server)).toBe(0);
      }
      expect(fs.existsSync(path.join(clone, '.data', 'superuser-password'))).toBe(true);
    });

    it('npm test works in it, even with TMPDIR (where the global setup puts its cluster) closed to other users', async () => {
      const tmp = path.join(clone, 'tmp');
      fs.mkdirSync(tmp, { mode: 0o700 });
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
      for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'PROCEDURES_TEST_ADMIN_URL', 'PROCEDURES_TEST_TEMPLATE']) delete env[name];
      const jest = path.join(clone, 'node_modules', 'jest', 'bin', 'jest.js');
      const result = await run(process.execPath, [jest, '--runInBand', 'test/integration/least-privilege.test.ts'], { cwd: clone, env });
      if (result.code !== 0) throw new Error(`jest in the clone exited with ${result.code}:\n${result.output}`);
      expect(result.output).toMatch(/Tests:\s+\d+ passed/);
    }, 240_000);
  },
);
