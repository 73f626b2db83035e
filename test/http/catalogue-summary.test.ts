import { createTestApp, type TestApp } from '../support/test-app';

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
    const oneStop = Object.fromEntries(s.byLevelAndOneStop.filter((c: any) => c.isOneStop).map((c: any) => [c.level, c.count]));
    expect(oneStop).toEqual({ PROVINCE: 1285, DISTRICT: 226, COMMUNE: 92 });
    expect(s.representativeCount).toBe(1823 - 62);
  });

  it('agrees with direct SQL on every grouping', async () => {
    const { data } = await t.query(SUMMARY);
    const s = data!.catalogueSummary;
    const online = await t.db.sql.rows<{ level: string; n: number }>(`SELECT online_service_level AS level, count(*)::int AS n FROM procedure GROUP BY 1`);
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

  it('counts the filtered set, each group ignoring its own condition (facets)', async () => {
    const { data } = await t.query(SUMMARY, { filter: { levels: ['DISTRICT'], isOneStop: true } });
    const s = data!.catalogueSummary;
    expect(s.total).toBe(226);
    // by level: the one-stop condition applies, the level condition does not
    expect(s.byLevel).toEqual([
      { level: 'PROVINCE', count: 1285 },
      { level: 'DISTRICT', count: 226 },
      { level: 'COMMUNE', count: 92 },
    ]);
    // by one-stop: the level condition applies, the one-stop condition does not
    expect(s.byOneStop).toEqual([
      { isOneStop: true, count: 226 },
      { isOneStop: false, count: 41 },
    ]);
    // the cross ignores both
    expect(s.byLevelAndOneStop.find((c: any) => c.level === 'COMMUNE' && !c.isOneStop).count).toBe(16);
    // other groups apply every condition
    expect(s.byOnlineServiceLevel.reduce((n: number, c: any) => n + c.count, 0)).toBe(226);
  });

  it('returns zero counts, not an error, when nothing matches', async () => {
    const { data, errors } = await t.query(SUMMARY, { filter: { fieldCodes: ['no-such-field'] } });
    expect(errors).toBeUndefined();
    const s = data!.catalogueSummary;
    expect(s.total).toBe(0);
    expect(s.byLevel.map((c: any) => c.count)).toEqual([0, 0, 0]);
    // the field group ignores the field condition: it shows what each real field would give
    expect(s.byField.reduce((n: number, c: any) => n + c.count, 0)).toBe(1823);
  });

  it('counts only the groupings asked for, each as the whole summary counts it', async () => {
    const filter = { onlineServiceLevels: ['FULL'], isOneStop: true };
    const whole = (await t.query(SUMMARY, { filter })).data!.catalogueSummary;
    const groupings = [
      'byLevel { level count }',
      'byOneStop { isOneStop count }',
      'byLevelAndOneStop { level isOneStop count }',
      'byOnlineServiceLevel { onlineServiceLevel count }',
      'byField { field { code name procedureCount } count }',
    ];
    for (const grouping of groupings) {
      const { data, errors } = await t.query(`query ($filter: ProcedureFilter) { catalogueSummary(filter: $filter) { total ${grouping} } }`, { filter });
      expect(errors).toBeUndefined();
      const name = grouping.slice(0, grouping.indexOf(' '));
      expect(data!.catalogueSummary).toEqual({ total: whole.total, [name]: whole[name] });
      expect(whole[name].length).toBeGreaterThan(0);
    }
  });
});
