import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const SUMMARY = `query ($filter: ProcedureFilter) {
  catalogueSummary(filter: $filter) {
    total representativeCount
    byLevel { level count }
    byOneStop { isOneStop count }
    byLevelAndOneStop { level isOneStop count }
    byOnlineServiceLevel { onlineServiceLevel count }
    byField { field { code name procedureCount } count }
  }
}`;

describe('catalogueSummary', () => {
  it('reproduces the published Lạng Sơn totals from the stored rows', async () => {
    const { data, errors } = await t.query(SUMMARY);
    expect(errors).toBeUndefined();
    const s = data!.catalogueSummary;
    expect(s.total).toBe(1823);
    expect(s.byLevel).toEqual([
      { level: 'PROVINCE', count: 1448 },
      { level: 'DISTRICT', count: 267 },
      { level: 'COMMUNE', count: 108 },
    ]);
    expect(s.byOneStop).toEqual([
      { isOneStop: true, count: 1603 },
      { isOneStop: false, count: 220 },
    ]);
    const oneStop = Object.fromEntries(
      s.byLevelAndOneStop.filter((c: any) => c.isOneStop).map((c: any) => [c.level, c.count]),
    );
    expect(oneStop).toEqual({ PROVINCE: 1285, DISTRICT: 226, COMMUNE: 92 });
    expect(s.representativeCount).toBe(1823 - 62);
  });

  it('agrees with direct SQL on every grouping', async () => {
    const { data } = await t.query(SUMMARY);
    const s = data!.catalogueSummary;
    const online = await t.db.sql.rows<{ level: string; n: number }>(
      `SELECT online_service_level AS level, count(*)::int AS n FROM procedure GROUP BY 1`,
    );
    for (const row of online) {
      expect(s.byOnlineServiceLevel.find((c: any) => c.onlineServiceLevel === row.level).count).toBe(row.n);
    }
    const fields = await t.db.sql.rows<{ code: string; n: number }>(
      `SELECT f.code, count(*)::int AS n FROM procedure p JOIN field f ON f.id = p.field_id GROUP BY f.code`,
    );
    expect(s.byField).toHaveLength(fields.length);
    for (const row of fields) {
      const entry = s.byField.find((c: any) => c.field.code === row.code);
      expect(entry.count).toBe(row.n);
      expect(entry.field.procedureCount).toBe(row.n);
    }
    const counts = s.byField.map((c: any) => c.count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('counts only the filtered set when given a filter', async () => {
    const { data } = await t.query(SUMMARY, { filter: { levels: ['DISTRICT'], isOneStop: true } });
    const s = data!.catalogueSummary;
    expect(s.total).toBe(226);
    expect(s.byLevel).toEqual([
      { level: 'PROVINCE', count: 0 },
      { level: 'DISTRICT', count: 226 },
      { level: 'COMMUNE', count: 0 },
    ]);
    expect(s.byOneStop).toEqual([
      { isOneStop: true, count: 226 },
      { isOneStop: false, count: 0 },
    ]);
  });

  it('returns zero counts, not an error, when nothing matches', async () => {
    const { data, errors } = await t.query(SUMMARY, { filter: { fieldCodes: ['no-such-field'] } });
    expect(errors).toBeUndefined();
    expect(data!.catalogueSummary.total).toBe(0);
    expect(data!.catalogueSummary.byField).toEqual([]);
  });
});
