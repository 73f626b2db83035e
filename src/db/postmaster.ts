import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isRunning } from './os-process';
import type { PostgresBinaries } from './postgres-binaries';
import type { OsUser } from './postgres-os-user';
import { readLockFile, type LockFile } from './postmaster-lock';

/** Creating, starting and stopping a PostgreSQL cluster's server, with failures told in words. */

const READY_WITHIN_MS = 120_000;
/** What a failure quotes of PostgreSQL's own output. */
const TAIL_LINES = 20;
/**
 * SIGINT asks for a fast shutdown (sessions ended, data flushed); SIGQUIT stops at once (the next
 * start recovers from the WAL); SIGKILL is the last resort for a server that ignores both.
 */
const SHUTDOWN_STEPS = [
  ['SIGINT', 30_000],
  ['SIGQUIT', 10_000],
  ['SIGKILL', 5_000],
] as const;

export interface Postmaster {
  /** Fast shutdown; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Under root, as the postgres user; in the directory holding the cluster, which that user can
 * enter (the current one may be closed to it); messages in English, since errors quote them.
 */
function processOptions(user: OsUser | null, clusterDir: string): SpawnOptions {
  return { ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: path.dirname(clusterDir), env: { ...process.env, LC_MESSAGES: 'C' } };
}

function keepLastLines(stream: Readable): () => string {
  const lines: string[] = [];
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter((line) => line.trim()));
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
  });
  return () => [...lines, partial].filter((line) => line.trim()).join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Stops the server `pid`, ours or one left running by a process that is gone. */
export async function shutDown(pid: number): Promise<void> {
  for (const [signal, waitMs] of SHUTDOWN_STEPS) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw new Error(`cannot stop PostgreSQL (pid ${pid}): ${(error as Error).message}`, { cause: error });
    }
    if (await exitsWithin(pid, waitMs)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop, even on SIGKILL`);
}

/** Creates the cluster in `clusterDir` (an empty or missing directory) with the superuser `postgres`. */
export async function initCluster(binaries: PostgresBinaries, clusterDir: string, password: string, user: OsUser | null): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(clusterDir, user.uid, user.gid);
  // initdb reads the password from a file: beside the cluster, readable by PostgreSQL's user alone, while initdb runs.
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) fs.chownSync(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${clusterDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C'];
    const child = spawn(binaries.initdb, args, { ...processOptions(user, clusterDir), stdio: ['ignore', 'ignore', 'pipe'] });
    const output = keepLastLines(child.stderr);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (error) => reject(new Error(`cannot run initdb (${binaries.initdb}): ${error.message}`)));
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb could not create the PostgreSQL cluster in ${clusterDir} (exit code ${code}):\n${output()}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

function startFailure(clusterDir: string, port: number, ended: string, output: string): Error {
  if (/could not bind .*Address already in use/i.test(output)) {
    return new Error(`PostgreSQL could not listen on 127.0.0.1:${port}: another program uses that port. Its last lines:\n${output}`);
  }
  return new Error(`PostgreSQL ${ended} while starting on ${clusterDir}. Its last lines:\n${output}`);
}

function untilReady(child: ChildProcess, binary: string, clusterDir: string, port: number, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (failure?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('close', onClose);
      child.off('error', onError);
      if (failure) reject(failure);
      else resolve();
    };
    // The lock file says when the server accepts connections, whatever the language of its log.
    const poll = setInterval(() => {
      const lock = readLockFile(clusterDir);
      if (lock !== null && lock.pid === child.pid && lock.status === 'ready') finish();
    }, 50);
    const timer = setTimeout(
      () => finish(new Error(`PostgreSQL did not become ready within ${READY_WITHIN_MS / 1000} s on ${clusterDir}. Its last lines:\n${output()}`)),
      READY_WITHIN_MS,
    );
    const onClose = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(startFailure(clusterDir, port, code !== null ? `exited with code ${code}` : `was killed by ${signal}`, output()));
    const onError = (error: Error) => finish(new Error(`cannot run PostgreSQL (${binary}): ${error.message}`));
    child.on('close', onClose);
    child.on('error', onError);
  });
}

/** Starts the server of an initialised cluster, listening on loopback only, and waits until it accepts connections. */
export async function startPostmaster(binaries: PostgresBinaries, clusterDir: string, port: number, user: OsUser | null): Promise<Postmaster> {
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawn(binaries.postgres, args, {
    ...processOptions(user, clusterDir),
    // A process group of its own, so a Ctrl-C in the terminal reaches only us: we stop it after the requests in flight.
    detached: true,
    // stderr is read for as long as it runs: a pipe nobody reads would fill and block it.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output = keepLastLines(child.stderr);
  // However we end (an uncaught error, process.exit), it is asked to stop; only SIGKILL leaves it running, for the next start to stop.
  const stopWithUs = () => child.kill('SIGINT');
  process.on('exit', stopWithUs);
  try {
    await untilReady(child, binaries.postgres, clusterDir, port, output);
  } catch (error) {
    process.off('exit', stopWithUs);
    if (child.pid !== undefined) await shutDown(child.pid);
    throw error;
  }
  const pid = child.pid!;
  return {
    stop: async () => {
      await shutDown(pid);
      process.off('exit', stopWithUs);
    },
  };
}

/** The lock file of the server `pid` once it accepts connections: a server still starting (or recovering) is waited for. */
export async function whenReady(clusterDir: string, pid: number): Promise<LockFile> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} stopped while waiting for it to accept connections; run the command again`);
    const lock = readLockFile(clusterDir);
    if (lock?.pid === pid && lock.status === 'ready') return lock;
    await sleep(50);
  }
  throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} did not become ready within ${READY_WITHIN_MS / 1000} s`);
}
