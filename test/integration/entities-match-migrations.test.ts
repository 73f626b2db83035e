import { entities } from '../../src/app/entities';
import { createDataSource } from '../../src/db/data-source';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

describe('entities and migrations', () => {
  it('describe the same schema (migration:generate would find nothing to do)', async () => {
    const described = createDataSource(db.url, 1, entities);
    await described.initialize();
    try {
      const pending = await described.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await described.destroy();
    }
  });
});
