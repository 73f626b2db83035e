import { statementCount } from '../../src/db/sql';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

/** The answer's exact bytes and the SQL statements the server sent for it. */
async function ask(query: string, variables?: Record<string, unknown>) {
  const before = statementCount();
  const response = await t.query(query, variables);
  return { ...response, statements: statementCount() - before };
}

const RECORD = `query ($code: String!) { procedure(code: $code) {
  code name channels { channel fees { kind amountVnd } } legalBasis { number title } } }`;

describe('whole answers kept until the catalogue changes', () => {
  it('a repeated query gets the same bytes for one statement (the version check)', async () => {
    const first = await ask(RECORD, { code: '1.001193' });
    expect(first.errors).toBeUndefined();
    expect(first.statements).toBeGreaterThan(1);
    const again = await ask(RECORD, { code: '1.001193' });
    expect(again.raw).toBe(first.raw);
    expect(again.statements).toBe(1);
  });

  it('other variables are another answer', async () => {
    await ask(RECORD, { code: '1.001193' });
    const other = await ask(RECORD, { code: '1.000894' });
    expect(other.data!.procedure.code).toBe('1.000894');
    expect(other.statements).toBeGreaterThan(1);
  });

  it('a change to a procedure shows in the next answer', async () => {
    const before = await ask(RECORD, { code: '1.001193' });
    await t.db.sql.rows(`UPDATE procedure SET name = name || ' (sửa)' WHERE code = '1.001193'`);
    const after = await ask(RECORD, { code: '1.001193' });
    expect(after.data!.procedure.name).toBe(`${before.data!.procedure.name} (sửa)`);
  });

  it('a change to a legal document shows in the next answer', async () => {
    const [document] = (await ask(RECORD, { code: '1.001193' })).data!.procedure.legalBasis;
    await t.db.sql.rows(`UPDATE legal_document SET title = title || ' (hợp nhất)' WHERE number = $1`, [document.number]);
    const after = (await ask(RECORD, { code: '1.001193' })).data!.procedure;
    expect(after.legalBasis[0].title).toBe(`${document.title} (hợp nhất)`);
  });

  it('a change to a fee shows in the next answer', async () => {
    const fees = (p: any): (number | null)[] => p.channels.flatMap((c: any) => c.fees.map((f: any) => f.amountVnd));
    const before = fees((await ask(RECORD, { code: '1.001193' })).data!.procedure);
    await t.db.sql.rows(
      `UPDATE channel_fee f SET amount_vnd = coalesce(amount_vnd, 0) + 1000
         FROM procedure_channel c JOIN procedure p ON p.id = c.procedure_id
        WHERE f.channel_id = c.id AND p.code = '1.001193'`,
    );
    const after = fees((await ask(RECORD, { code: '1.001193' })).data!.procedure);
    expect(before.length).toBeGreaterThan(0);
    expect(after).toEqual(before.map((amount) => (amount ?? 0) + 1000));
  });

  it('a failed answer is not kept: once the fault is gone, the same query succeeds', async () => {
    const QUERY = `{ procedure(code: "1.000894") { code legalBasis { title } } }`;
    // Renaming a table is no change to the data (no version bump), only a fault in reading it.
    await t.db.sql.rows(`ALTER TABLE legal_document RENAME TO legal_document_away`);
    try {
      const failed = await ask(QUERY);
      expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.db.sql.rows(`ALTER TABLE legal_document_away RENAME TO legal_document`);
    }
    t.loggedErrors.length = 0;
    const recovered = await ask(QUERY);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.procedure.legalBasis.length).toBeGreaterThan(0);
  });

  it('fragments and introspection at the root are kept too', async () => {
    const QUERY = `query { __typename ...Summary }
      fragment Summary on Query { catalogueSummary { total byLevel { level count } } }`;
    const first = await ask(QUERY);
    expect(first.errors).toBeUndefined();
    const again = await ask(QUERY);
    expect(again.raw).toBe(first.raw);
    expect(again.statements).toBe(1);
  });

  it('statistics are never kept, and once seen are executed without reading the catalogue version', async () => {
    const STATISTICS = `query Figures { dossierStatistics(unitCode: "17641", from: "2024-01-01", to: "2024-12-31") { newlyReceived resolved } }`;
    const first = await ask(STATISTICS);
    expect(first.errors).toBeUndefined();
    const again = await ask(STATISTICS);
    expect(again.raw).toBe(first.raw);
    // The figures' one statement again (nothing kept; the unit is known from the first request),
    // without the version check the first request made.
    expect(first.statements).toBeGreaterThan(1);
    expect(again.statements).toBe(1);
    // A catalogue query is still kept and checked against the version.
    await ask(RECORD, { code: '1.001193' });
    expect((await ask(RECORD, { code: '1.001193' })).statements).toBe(1);
  });
});
