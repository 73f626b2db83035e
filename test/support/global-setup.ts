import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres';
import { runMigrations } from '../../src/db/migrate';
import { openRolePools } from '../../src/db/role-pools';
import { Sql } from '../../src/db/sql';
import { projectRoot } from '../../src/shared/project-root';
import { loadSeed } from '../../seeds/load-seed';
import { withDatabase } from './test-cluster';

export interface TestRun {
  embedded: EmbeddedServer | null;
  adminUrl: string;
  template: string;
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL's server, or a throw-away embedded cluster.
 * A template database gets the migrations and the seed once; each test file clones it, so files
 * can write without seeing each other.
 */
export default async function globalSetup(): Promise<void> {
  // The portal's bundles, as npm start builds them, so that `npx jest` alone serves the pages too.
  execFileSync(process.execPath, [path.join(projectRoot, 'tools', 'build-portal.mjs')], { stdio: 'inherit' });
  let embedded: EmbeddedServer | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-test-')), { persistent: false });
    adminUrl = embedded.urlFor('postgres');
  }
  const template = `procedures_template_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const url = withDatabase(adminUrl, template);
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    // As `npm start` does: the catalogue through the writer's role, the dossiers as the owner.
    const roles = openRolePools(url, 1);
    try {
      // With planner statistics, which every test database copied from the template keeps.
      await loadSeed(roles.catalogue, Sql.of(dataSource));
    } finally {
      await roles.close();
    }
  } finally {
    await dataSource.destroy();
  }
  process.env.PROCEDURES_TEST_ADMIN_URL = adminUrl;
  process.env.PROCEDURES_TEST_TEMPLATE = template;
  (globalThis as { __testRun?: TestRun }).__testRun = { embedded, adminUrl, template };
}
