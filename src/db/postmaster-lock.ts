import fs from 'node:fs';
import path from 'node:path';
import { commandLine, isRunning, parentPid, workingDirectory } from './os-process';

/**
 * Which PostgreSQL server runs on a cluster, and which process of ours answers for it. PostgreSQL
 * says the first in its lock file; we note the second in an owner file beside the cluster.
 */

/** What `postmaster.pid` says of the server. */
export interface LockFile {
  pid: number;
  /** 0 until the server listens. */
  port: number;
  /** `starting`, `ready` or `stopping`; empty at first. */
  status: string;
}

function lockFilePath(clusterDir: string): string {
  return path.join(clusterDir, 'postmaster.pid');
}

/** Lines: 1 pid, 2 data directory, 3 start time, 4 port, 5 socket directory, 6 listen address, 7 shared memory key, 8 status. */
export function readLockFile(clusterDir: string): LockFile | null {
  let lines: string[];
  try {
    lines = fs.readFileSync(lockFilePath(clusterDir), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, port: Number(lines[3]) || 0, status: (lines[7] ?? '').trim() };
}

/** PostgreSQL changes into its data directory at once; null when that cannot be read nor its command line. */
function servesCluster(pid: number, clusterDir: string): boolean | null {
  const cwd = workingDirectory(pid);
  if (cwd !== null) return cwd === fs.realpathSync(clusterDir);
  const command = commandLine(pid);
  return command === null ? null : command.includes(`-D ${clusterDir}`);
}

/** The server running on the cluster, or null. A pid that surely is no server of it counts as none. */
export function runningPostmaster(clusterDir: string): LockFile | null {
  const lock = readLockFile(clusterDir);
  return lock && isRunning(lock.pid) && servesCluster(lock.pid, clusterDir) !== false ? lock : null;
}

/**
 * After a crash or a reboot, the pid in a leftover lock file may belong to some other process of
 * ours; PostgreSQL would take it for a live server and refuse to start, so the file goes.
 */
export function removeStaleLockFile(clusterDir: string): void {
  const lock = readLockFile(clusterDir);
  if (lock && isRunning(lock.pid) && servesCluster(lock.pid, clusterDir) === false) fs.rmSync(lockFilePath(clusterDir), { force: true });
}

function ownerFile(clusterDir: string): string {
  return path.join(path.dirname(clusterDir), 'postmaster.owner');
}

/** This process started the cluster's server and stops it when it ends. */
export function recordOwner(clusterDir: string): void {
  fs.writeFileSync(ownerFile(clusterDir), `${process.pid}\n`);
}

export function forgetOwner(clusterDir: string): void {
  const file = ownerFile(clusterDir);
  if (fs.existsSync(file) && Number(fs.readFileSync(file, 'utf8')) === process.pid) fs.rmSync(file);
}

/**
 * The live process that started the server `postmasterPid` and will stop it, or null when it is
 * gone (killed with SIGKILL, say): the server is then orphaned. The server's parent tells the
 * owner from another process that was given its pid since.
 */
export function liveOwner(clusterDir: string, postmasterPid: number): number | null {
  let owner: number;
  try {
    owner = Number(fs.readFileSync(ownerFile(clusterDir), 'utf8'));
  } catch {
    return null;
  }
  if (!Number.isInteger(owner) || owner <= 0 || !isRunning(owner)) return null;
  const parent = parentPid(postmasterPid);
  return parent === null || parent === owner ? owner : null;
}
