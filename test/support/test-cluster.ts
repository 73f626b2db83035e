import crypto from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { openRolePools, type RolePools } from '../../src/db/role-pools';
import { Sql } from '../../src/db/sql';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Set by global setup; test files run in worker processes that inherit its environment. */
function adminUrl(): string {
  const url = process.env.PROCEDURES_TEST_ADMIN_URL;
  if (!url) throw new Error('PROCEDURES_TEST_ADMIN_URL is not set: run the tests through jest (global setup)');
  return url;
}

function templateDatabase(): string {
  return process.env.PROCEDURES_TEST_TEMPLATE ?? '';
}

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  /** As the owner: for setting up and checking what tests need. */
  sql: Sql;
  /** As the roles the server runs as (requests, catalogue writes), so that every test goes through their grants. */
  roles: RolePools;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A private copy of the migrated, seeded template database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `procedures_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  const url = withDatabase(adminUrl(), name);
  const dataSource = createDataSource(url, 4);
  await dataSource.initialize();
  const roles = openRolePools(url, 4);
  return {
    url,
    dataSource,
    sql: Sql.of(dataSource),
    roles,
    drop: async () => {
      await roles.close();
      await dataSource.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
