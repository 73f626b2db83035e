import { createTestApp, type TestApp } from '../support/test-app';
import { dossierOn, ingestAs, resolvedOn } from '../support/builders';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Three communes of Đô Lương in March 2019 (the seed has nothing in 2019): on-time rates 1/1, 1/2 and 2/4.
  await ingestAs(t.db.sql, '427', [
    resolvedOn('17641', 'R-1', 1, 2),
    resolvedOn('17662', 'R-2', 1, 2),
    resolvedOn('17662', 'R-3', 1, 6),
    resolvedOn('17665', 'R-4', 1, 1),
    resolvedOn('17665', 'R-5', 2, 4),
    resolvedOn('17665', 'R-6', 3, 5),
    resolvedOn('17665', 'R-7', 4, 9),
    dossierOn('17668', 'R-8', 5),
  ]);
});
afterAll(() => t.close());

interface Entry {
  rank: number | null;
  unitCode: string;
  value: number | null;
  figures: Record<string, any>;
}

async function ranking(parentCode: string, from: string, to: string, metric: string) {
  const r = await t.query(`{ unitRanking(parentCode: "${parentCode}", from: "${from}", to: "${to}", metric: ${metric}) {
    parentCode tieRule metric { key direction }
    entries { rank unitCode value figures { newlyReceived resolved resolvedEarly resolvedOnTime pendingPastDeadline onTimeRate { numerator denominator value } } } } }`);
  expect(r.errors).toBeUndefined();
  return r.data!.unitRanking as { parentCode: string; tieRule: string; metric: { key: string; direction: string }; entries: Entry[] };
}

describe('unitRanking', () => {
  it('ranks with ties sharing a rank (exact fractions: 1/2 ties 2/4), ties by code, unmeasured units last without a rank', async () => {
    const r = await ranking('427', '2019-03-01', '2019-03-31', 'ON_TIME_RATE');
    expect(r.metric).toEqual({ key: 'onTimeRate', direction: 'HIGHER_IS_BETTER' });
    expect(r.entries.slice(0, 3).map((e) => [e.rank, e.unitCode, e.value])).toEqual([
      [1, '17641', 1],
      [2, '17662', 0.5],
      [2, '17665', 0.5],
    ]);
    const rest = r.entries.slice(3);
    expect(rest.every((e) => e.rank === null && e.value === null)).toBe(true);
    expect(rest.map((e) => e.unitCode)).toEqual([...rest.map((e) => e.unitCode)].sort());
    expect(rest.map((e) => e.unitCode)).toContain('17668'); // received one, resolved none: nothing measured
    const communes = await t.db.sql.rows<{ code: string }>(
      `SELECT code FROM administrative_unit WHERE parent_id = (SELECT id FROM administrative_unit WHERE code = '427')`,
    );
    expect(r.entries).toHaveLength(communes.length);
    expect(r.tieRule).toMatch(/competition/);
  });

  it('puts the lowest first for a metric where lower is better, and ranks counts by volume', async () => {
    const overdue = await ranking('427', '2019-03-01', '2019-03-31', 'OVERDUE_RATE');
    expect(overdue.metric.direction).toBe('LOWER_IS_BETTER');
    expect(overdue.entries.slice(0, 3).map((e) => [e.rank, e.unitCode])).toEqual([
      [1, '17641'],
      [2, '17662'],
      [2, '17665'],
    ]);
    const received = await ranking('427', '2019-03-01', '2019-03-31', 'NEWLY_RECEIVED');
    expect(received.entries.slice(0, 4).map((e) => [e.rank, e.unitCode, e.value])).toEqual([
      [1, '17665', 4],
      [2, '17662', 2],
      [3, '17641', 1],
      [3, '17668', 1],
    ]);
    // A count of 0 is a value, not "nothing measured": every other commune shares the last rank.
    expect(received.entries.slice(4).every((e) => e.rank === 5 && e.value === 0)).toBe(true);
  });

  it('can be reproduced from the series of each sub-unit (seeded districts of Lạng Sơn, Q1 2025)', async () => {
    const r = await ranking('20', '2025-01-01', '2025-03-31', 'ON_TIME_RATE');
    expect(r.entries.some((e) => e.rank !== null)).toBe(true);
    for (const entry of r.entries) {
      const s = await t.query(`{ dossierStatisticsSeries(unitCode: "${entry.unitCode}", from: "2025-01-01", to: "2025-03-31", interval: MONTH) {
        newlyReceived onTimeRate { numerator denominator } } }`);
      const months = s.data!.dossierStatisticsSeries as { newlyReceived: number; onTimeRate: { numerator: number; denominator: number } }[];
      const numerator = months.reduce((n, m) => n + m.onTimeRate.numerator, 0);
      const denominator = months.reduce((n, m) => n + m.onTimeRate.denominator, 0);
      expect({ unit: entry.unitCode, numerator, denominator, newlyReceived: months.reduce((n, m) => n + m.newlyReceived, 0) }).toEqual({
        unit: entry.unitCode,
        numerator: entry.figures.onTimeRate.numerator,
        denominator: entry.figures.onTimeRate.denominator,
        newlyReceived: entry.figures.newlyReceived,
      });
      expect(entry.value).toBe(denominator === 0 ? null : numerator / denominator);
    }
    const ranked = r.entries.filter((e) => e.rank !== null);
    for (const e of ranked) {
      expect(e.rank).toBe(1 + ranked.filter((o) => o.value! > e.value!).length);
    }
  });

  it('rejects an unknown metric and a reversed range, and gives null for an unknown parent', async () => {
    const metric = await t.query(`{ unitRanking(parentCode: "20", from: "2025-01-01", to: "2025-03-31", metric: SPEED) { parentCode } }`);
    expect(metric.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await t.query(`{ unitRanking(parentCode: "20", from: "2025-03-01", to: "2025-01-01", metric: ON_TIME_RATE) { parentCode } }`);
    expect(reversed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await t.query(`{ unitRanking(parentCode: "99999", from: "2025-01-01", to: "2025-03-31", metric: ON_TIME_RATE) { parentCode } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.unitRanking).toBeNull();
  });
});
