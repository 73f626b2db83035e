import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * What can be told about another process by its pid. Linux answers from /proc; elsewhere (macOS)
 * `ps` answers what it can, and a question it cannot answer gets null.
 */

const HAS_PROC = fs.existsSync('/proc/self/stat');

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function ps(pid: number, field: 'ppid' | 'command'): string | null {
  const result = spawnSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * True while the process runs. One that exited but was not reaped yet (a zombie: its parent may be
 * an init that never reaps) has stopped; another user's process (EPERM) runs.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.[0] !== 'Z';
}

export function parentPid(pid: number): number | null {
  const parent = HAS_PROC ? procStat(pid)?.[1] : ps(pid, 'ppid');
  return parent ? Number(parent) : null;
}

export function commandLine(pid: number): string | null {
  if (!HAS_PROC) return ps(pid, 'command');
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

/** Null where it cannot be read: not Linux, or another user's process. */
export function workingDirectory(pid: number): string | null {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}
