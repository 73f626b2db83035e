import crypto from 'node:crypto';
import { Pool } from 'pg';
import { PER_CONNECTION } from '../../src/db/prepared-statements';
import { Sql } from '../../src/db/sql';
import { ProcedureService } from '../../src/catalogue/procedure.service';
import type { ProceduresArgs } from '../../src/catalogue/procedure.inputs';
import { vietnamDay } from '../../src/shared/clock';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
let pool: Pool;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: every statement below runs on it, and pool.query reads what it holds.
  pool = new Pool({ connectionString: db.url, max: 1 });
  sql = new Sql(pool);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** The statements the connection holds prepared (read without going through Sql). */
async function preparedTexts(): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
  return rows.map((r) => r.statement);
}

/** A statement text no other test uses (the texts seen are remembered process-wide). */
const uniqueText = (i: number) => `SELECT $1::int + ${i} AS n /* ${crypto.randomBytes(4).toString('hex')} */`;

describe('statements prepared on their connection (asPrepared)', () => {
  it('prepares a text from its second use on, with each use answering for its own values', async () => {
    const text = uniqueText(1);
    expect(await sql.rows(text, [1])).toEqual([{ n: 2 }]);
    expect(await preparedTexts()).not.toContain(text);
    expect(await sql.rows(text, [10])).toEqual([{ n: 11 }]);
    expect(await preparedTexts()).toContain(text);
    expect(await sql.rows(text, [20])).toEqual([{ n: 21 }]);
  });

  it('keeps at most PER_CONNECTION per connection, dropping the least recently used, which runs again when asked', async () => {
    const texts = Array.from({ length: PER_CONNECTION + 20 }, (_, i) => uniqueText(100 + i));
    for (const text of texts) {
      await sql.rows(text, [0]);
      await sql.rows(text, [0]);
    }
    const held = await preparedTexts();
    expect(held.length).toBeLessThanOrEqual(PER_CONNECTION);
    expect(held).toContain(texts.at(-1));
    expect(held).not.toContain(texts[0]);
    // Forgotten by node-postgres as by the server: it is parsed again, not executed by a name the server no longer has.
    expect(await sql.rows(texts[0], [5])).toEqual([{ n: 105 }]);
    expect(await sql.rows(texts[0], [6])).toEqual([{ n: 106 }]);
  });

  it('a prepared statement that fails for some values still answers for others', async () => {
    const text = `SELECT 10 / $1::int AS n /* ${crypto.randomBytes(4).toString('hex')} */`;
    expect(await sql.rows(text, [2])).toEqual([{ n: 5 }]);
    await expect(sql.rows(text, [0])).rejects.toMatchObject({ code: '22012' });
    // The failure was the execution's: the statement stays prepared and is executed by its name again.
    expect(await preparedTexts()).toContain(text);
    expect(await sql.rows(text, [5])).toEqual([{ n: 2 }]);
  });

  it('never prepares a statement planned for its values, which answers for each', async () => {
    const text = uniqueText(7);
    for (const n of [1, 2, 3]) expect(await sql.rows(text, [n], { plannedForValues: true })).toEqual([{ n: n + 7 }]);
    expect(await preparedTexts()).not.toContain(text);
  });

  it("plans a filtered page of procedures and its count for the filter's values, and prepares an unfiltered one", async () => {
    const procedures = new ProcedureService(sql);
    const read = async (args: ProceduresArgs) => {
      const page = await procedures.list(args, new Set(['code']), vietnamDay(new Date()));
      return { codes: (await page.edges).map((e) => e.node.code), total: await page.totalCount };
    };
    const byFields = { first: 5, filter: { fieldCodes: ['ho-tich', 'dat-dai'] } } as ProceduresArgs;
    const all = { first: 5 } as ProceduresArgs;
    for (let i = 0; i < 3; i++) {
      const fields = await read(byFields);
      expect(fields.codes).toHaveLength(5);
      expect(fields.total).toBeGreaterThan(5);
      expect((await read(all)).codes).toHaveLength(5);
    }
    const held = await preparedTexts();
    expect(held.filter((text) => text.includes('FROM field WHERE code'))).toEqual([]);
    expect(held.filter((text) => text.includes('FROM procedure p') && text.includes('ORDER BY p.name'))).toHaveLength(1);
  });

  it('prepares a page under a fee ceiling (it keeps every free procedure), and plans one without the free ones for its values', async () => {
    const procedures = new ProcedureService(sql);
    const codes = async (args: ProceduresArgs) =>
      (await (await procedures.list(args, new Set(['code']), vietnamDay(new Date()))).edges).map((e) => e.node.code);
    for (let i = 1; i <= 9; i++) {
      expect(await codes({ first: 4, filter: { maxFeeVnd: i * 50_000 } })).toHaveLength(4);
      expect(await codes({ first: 4, filter: { maxFeeVnd: i * 50_000, isFree: false } })).toHaveLength(4);
    }
    const { rows: held } = await pool.query<{ statement: string; generic_plans: number; custom_plans: number }>(
      `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%p.min_fee_vnd <=%'`,
    );
    expect(held).toHaveLength(1);
    expect(held[0].statement).not.toContain('p.is_free');
    // Prepared from its second use; PostgreSQL plans the first five executions for their values,
    // then keeps the generic plan (for the ceiling as a plain parameter it went on planning each).
    expect(held[0]).toMatchObject({ custom_plans: 5, generic_plans: 3 });
  });

  it('prepares a page of one field in name order (an index reads it in order for every field), not in another order', async () => {
    const procedures = new ProcedureService(sql);
    const codes = async (args: ProceduresArgs) =>
      (await (await procedures.list(args, new Set(['code']), vietnamDay(new Date()))).edges).map((e) => e.node.code);
    for (const fieldCode of ['ho-tich', 'dat-dai', 'ho-tich']) {
      expect(await codes({ first: 3, filter: { fieldCodes: [fieldCode] } })).toHaveLength(3);
      expect(await codes({ first: 3, filter: { fieldCodes: [fieldCode] }, orderBy: { field: 'CODE', direction: 'ASC' } } as ProceduresArgs)).toHaveLength(3);
    }
    const held = (await preparedTexts()).filter((text) => text.includes('FROM field WHERE code = $'));
    expect(held).toHaveLength(1);
    expect(held[0]).toContain('ORDER BY p.name');
  });

  it("keeps one generic plan for a page as of a day (the day is in the statement's text, not a parameter it would plan again for)", async () => {
    const procedures = new ProcedureService(sql);
    const selected = new Set(['code', 'field', 'implementingAgency']);
    for (let i = 0; i < 8; i++) {
      const edges = await (await procedures.list({ first: 20 }, selected, '2026-01-15')).edges;
      expect(edges).toHaveLength(20);
      expect(edges[0].node.field.code).toEqual(expect.any(String));
    }
    const { rows } = await pool.query<{ generic_plans: number; custom_plans: number }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%''2026-01-15''::date%' AND statement LIKE '%ORDER BY p.name%'`,
    );
    expect(rows).toHaveLength(1);
    // Prepared from its second use: seven executions, each on the plan made once.
    expect(rows[0]).toEqual({ generic_plans: 7, custom_plans: 0 });
  });

  it('writes the size of a page after a cursor into the statement when its rows build related records, so a deep page keeps a generic plan', async () => {
    const procedures = new ProcedureService(sql);
    const day = '2026-01-16';
    // The cursor after 1,500 procedures (the bench's deep page): there PostgreSQL judges its generic plan cheaper than one for the cursor.
    let after: string | undefined;
    for (let i = 0; i < 15; i++) after = (await (await procedures.list({ first: 100, after }, new Set(['code']), day)).edges).at(-1)!.cursor;
    const selected = new Set(['code', 'field', 'channels', 'requiredDocuments']);
    for (let i = 0; i < 12; i++) expect(await (await procedures.list({ first: 20, after }, selected, day)).edges).toHaveLength(20);
    const { rows } = await pool.query<{ statement: string; generic_plans: number }>(
      `SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%''${day}''::date%' AND statement LIKE '%channel_fee%'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].statement).toMatch(/LIMIT 21\s*$/);
    // PostgreSQL plans the first five executions for their values, then keeps its generic plan.
    expect(rows[0].generic_plans).toBeGreaterThan(0);
  });

  it('sends the size of a names page after a cursor as a parameter, the form PostgreSQL keeps one generic plan for', async () => {
    const procedures = new ProcedureService(sql);
    const selected = new Set(['code', 'name']);
    const first = await procedures.list({ first: 50 }, selected, '2026-01-17');
    const after = (await first.edges)[40].cursor;
    for (let i = 0; i < 12; i++) expect(await (await procedures.list({ first: 96, after }, selected, '2026-01-17')).edges).toHaveLength(96);
    const { rows } = await pool.query<{ statement: string; generic_plans: number }>(
      `SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%''2026-01-17''::date%' AND statement LIKE '%(p.name, p.id) >%'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].statement).toMatch(/LIMIT \$\d+\s*$/);
    expect(rows[0].generic_plans).toBeGreaterThan(0);
  });
});
