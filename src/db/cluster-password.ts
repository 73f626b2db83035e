import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The superuser password is made once per cluster and kept in the data directory, so a restart (or
 * a command run beside the server) reuses the cluster without a well-known password on a listening
 * server.
 */
export function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'superuser-password');
}

export function readPassword(dataDir: string): string | null {
  try {
    return fs.readFileSync(passwordFile(dataDir), 'utf8').trim();
  } catch {
    return null;
  }
}

export function clusterPassword(dataDir: string): string {
  const existing = readPassword(dataDir);
  if (existing) return existing;
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(passwordFile(dataDir), password, { mode: 0o600 });
  return password;
}
