import { CatalogueHistoryService } from '../../src/catalogue/history/catalogue-history.service';
import { feedPosition } from '../../src/catalogue/history/history-cursors';
import { CatalogueWriter } from '../../src/catalogue/write/catalogue-writer';
import { openRolePools } from '../../src/db/role-pools';
import { procedureRecord } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

const WRITERS = 4;
const WRITES_EACH = 50;
const PROCEDURES_PER_WRITE = 10;

describe('the change feed', () => {
  it('shows a poller every change exactly once while 4 writers commit 2,000 changes', async () => {
    const history = new CatalogueHistoryService(db.roles.read);
    const [start] = await history.latestChanges(1, null);
    // Each writer on pools of its own, so that four transactions are open at once; each amends its own ten procedures.
    const pools = Array.from({ length: WRITERS }, () => openRolePools(db.url, 2));
    const codes = (writer: number) =>
      Array.from({ length: PROCEDURES_PER_WRITE }, (_, i) => `R.${String(100 + writer * PROCEDURES_PER_WRITE + i).padStart(6, '0')}`);
    let writing = true;
    const writers = pools.map(async (pool, w) => {
      const writer = new CatalogueWriter(pool.catalogue);
      for (let k = 1; k <= WRITES_EACH; k++) {
        await writer.write({
          procedures: codes(w).map((code) => procedureRecord(code, { enactedBy: undefined, name: `${procedureRecord(code).name} (lần ${k})` })),
        });
      }
    });
    const done = Promise.all(writers).finally(() => (writing = false));

    const seen: { position: bigint; key: string }[] = [];
    let after = feedPosition.decode(start.position, 'after');
    for (let finalPoll = false; !finalPoll;) {
      finalPoll = !writing;
      const page = await history.changesAfter(after, 1000, null);
      for (const change of page)
        seen.push({ position: BigInt(feedPosition.decode(change.position, 'after')), key: `${change.procedureCode}#${change.version}` });
      if (page.length) after = feedPosition.decode(page.at(-1)!.position, 'after');
      if (page.length === 0 && !finalPoll) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    await Promise.all(pools.map((pool) => pool.close()));

    expect(seen).toHaveLength(WRITERS * WRITES_EACH * PROCEDURES_PER_WRITE);
    expect(new Set(seen.map((s) => s.key)).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i].position > seen[i - 1].position).toBe(true);
    // What the poller saw is what was recorded: the same changes, in the same order.
    const recorded = await db.sql.rows<{ key: string }>(
      `SELECT procedure_code || '#' || version AS key FROM procedure_change WHERE position > $1 ORDER BY position`,
      [feedPosition.decode(start.position, 'after')],
    );
    expect(seen.map((s) => s.key)).toEqual(recorded.map((r) => r.key));
  }, 240_000);
});
