import fs from 'node:fs';
import path from 'node:path';

/** The pid a cluster's lock file names (its postmaster), or null when there is none. */
export function lockFilePid(clusterDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

/** Running: an exited process its parent has not reaped yet (a zombie) is not. Reads /proc. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Every process working in the cluster directory: PostgreSQL's postmaster and its children all
 * change into their data directory, so this finds them even when the lock file is gone. Reads /proc.
 */
export function processesIn(clusterDir: string): number[] {
  const target = fs.realpathSync(clusterDir);
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === target;
      } catch {
        return false; // gone, or a zombie
      }
    })
    .map(Number);
}

/** Leaves no PostgreSQL running on the cluster, whatever state a failed test left it in. */
export function killProcessesIn(clusterDir: string): void {
  if (!fs.existsSync(clusterDir)) return;
  for (const pid of processesIn(clusterDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}
