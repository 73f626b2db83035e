import { spawnSync } from 'node:child_process';

/** The OS user PostgreSQL runs as when we are root (PostgreSQL refuses to run as root). */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
}

function lookUp(): OsUser | null {
  const uid = run('id', ['-u', NAME]);
  const gid = run('id', ['-g', NAME]);
  return uid.ok && gid.ok ? { name: NAME, uid: Number(uid.output), gid: Number(gid.output) } : null;
}

function create(): void {
  if (!run('getent', ['group', NAME]).ok) {
    const group = run('groupadd', ['--system', NAME]);
    if (!group.ok) throw new Error(`could not create the "${NAME}" group that PostgreSQL runs as when started by root: groupadd: ${group.output}`);
  }
  const user = run('useradd', ['--system', '--gid', NAME, '--no-create-home', '--shell', '/usr/sbin/nologin', NAME]);
  if (!user.ok)
    throw new Error(
      `could not create the "${NAME}" user that PostgreSQL runs as when started by root: useradd: ${user.output}. Create it yourself, or run as another user than root`,
    );
}

/** The `postgres` user, created (as a system user) when this machine has none. */
export function postgresOsUser(): OsUser {
  const found = lookUp();
  if (found) return found;
  create();
  const created = lookUp();
  if (!created) throw new Error(`the "${NAME}" user was created but cannot be looked up (id -u ${NAME})`);
  return created;
}

/**
 * Whether `user` can walk into `dir`. Root may enter anything, so the question is put to a process
 * running as that user, with the same uid, gid and (no) supplementary groups as PostgreSQL gets.
 */
export function canEnter(user: OsUser, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** Whether `user` can run the PostgreSQL binary: reach it, execute it and load its libraries. */
export function canRun(user: OsUser, binary: string): boolean {
  return spawnSync(binary, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}
