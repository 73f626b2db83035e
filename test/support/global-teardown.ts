import { Client } from 'pg';
import type { TestRun } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __testRun?: TestRun }).__testRun;
  if (!run) return;
  if (run.embedded) {
    await run.embedded.stop();
    return;
  }
  const admin = new Client({ connectionString: run.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${run.template}" WITH (FORCE)`);
  await admin.end();
}
