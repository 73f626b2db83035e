import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

describe('entities and migrations', () => {
  it('describe the same schema (migration:generate would find nothing to do)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
