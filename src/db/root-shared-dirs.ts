import fs from 'node:fs';
import path from 'node:path';

/**
 * Where root keeps what the `postgres` user must reach when the project or its data directory lies
 * where that user cannot enter. Not under /tmp or /var/tmp: those are emptied at boot or cleaned
 * by age (systemd-tmpfiles), which would take files from a cluster or from the binaries in use.
 */

/** Copies of the PostgreSQL binaries, one per version: made again when missing. */
export const BINARY_CACHE_DIR = '/var/cache/vn-procedures-api';

/** Clusters of data directories the postgres user cannot enter: data, kept across reboots. */
export const RELOCATED_CLUSTERS_DIR = '/var/lib/vn-procedures-api/clusters';

/**
 * Creates `dir` (and its missing parents) readable by all and writable by root alone, and refuses
 * one that someone else could write: the postgres user runs what root puts there.
 */
export function rootOwnedDirectory(dir: string): string {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) rootOwnedDirectory(parent);
  makeDirectory(dir);
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by root that only root can write to; fix or remove it`);
  }
  return dir;
}

function makeDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // made before, or by a start running alongside
    throw error;
  }
  fs.chmodSync(dir, 0o755); // mkdir applies root's umask, which may close it to others
}
