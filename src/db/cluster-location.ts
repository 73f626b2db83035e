import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readPassword } from './cluster-password';
import { canEnter, type OsUser } from './postgres-os-user';
import { RELOCATED_CLUSTERS_DIR, rootOwnedDirectory } from './root-shared-dirs';

/** The cluster inside the data directory; when it lives elsewhere, a symbolic link to it, which shows the user where. */
const CLUSTER = 'pg';
/** Beside a relocated cluster: the data directory it belongs to, for whoever looks there. */
export const DATA_DIR_RECORD = 'data-dir';

export interface ClusterLocation {
  /** PostgreSQL's data directory (its `-D`). */
  dir: string;
  /** Kept under RELOCATED_CLUSTERS_DIR, because the postgres user cannot enter the data directory. */
  relocated: boolean;
  /**
   * A relocated cluster whose data directory no longer links to it or lost its password: the data
   * directory was deleted to start from scratch, so the cluster goes too.
   */
  abandoned: boolean;
}

function lstat(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function linksTo(link: string, target: string): boolean {
  return lstat(link)?.isSymbolicLink() === true && fs.readlinkSync(link) === target;
}

/** One directory per data directory, named after its real path (so `./.data` and its absolute path agree). */
function relocatedDir(dataDir: string): string {
  const key = crypto.createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  return path.join(RELOCATED_CLUSTERS_DIR, key, CLUSTER);
}

/**
 * Where the cluster of `dataDir` lives: inside it, unless PostgreSQL runs as `user` (we are root)
 * and that user cannot enter it. A cluster already made inside stays there even then: moving it
 * unasked could lose it, and the start says what to do instead. (An inside directory with no
 * cluster, such as a failed initdb leaves, is no reason to stay.)
 */
export function locateCluster(dataDir: string, user: OsUser | null): ClusterLocation {
  const inside = path.join(dataDir, CLUSTER);
  const here: ClusterLocation = { dir: inside, relocated: false, abandoned: false };
  if (!user) return here;
  if (lstat(inside)?.isDirectory() && fs.existsSync(path.join(inside, 'PG_VERSION'))) {
    if (canEnter(user, dataDir)) return here;
    throw new Error(
      `${inside} holds a PostgreSQL cluster, but the ${user.name} user, whom PostgreSQL runs as under root, cannot enter ${dataDir}. ` +
        `Let it in (chmod o+x on each directory above), or move the data directory where it can (DATA_DIR), or delete ${inside} to start from scratch`,
    );
  }
  const dir = relocatedDir(dataDir);
  const linked = linksTo(inside, dir);
  if (!linked && canEnter(user, dataDir)) return here;
  return { dir, relocated: true, abandoned: !linked || readPassword(dataDir) === null };
}

/**
 * Readies the place for the cluster: discards an abandoned relocated cluster and links the data
 * directory to a relocated one. Only while no PostgreSQL runs on it.
 */
export function prepareClusterLocation(dataDir: string, location: ClusterLocation): void {
  const inside = path.join(dataDir, CLUSTER);
  if (!location.relocated) {
    // a link that came with a data directory copied from elsewhere would send initdb there
    if (lstat(inside)?.isSymbolicLink()) fs.rmSync(inside);
    return;
  }
  const home = path.dirname(location.dir);
  if (location.abandoned) fs.rmSync(home, { recursive: true, force: true });
  rootOwnedDirectory(home);
  fs.writeFileSync(path.join(home, DATA_DIR_RECORD), fs.realpathSync(dataDir));
  if (linksTo(inside, location.dir)) return;
  fs.rmSync(inside, { recursive: true, force: true }); // a stale link, or a directory holding no cluster
  fs.symlinkSync(location.dir, inside);
}

/** For throw-away clusters: what lives outside the data directory goes with it. */
export function removeRelocatedCluster(location: ClusterLocation): void {
  if (location.relocated) fs.rmSync(path.dirname(location.dir), { recursive: true, force: true });
}
