import { createTestApp, type TestApp } from '../support/test-app';
import { ingestAs, resolvedOn } from '../support/builders';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // One commune in March 2019 (the seed has nothing in 2019): 4 resolved, 3 in time; 2 electronic results; ratings 5, 4, 2.
  await ingestAs(t.db.sql, '427', [
    resolvedOn('17641', 'I-1', 1, 2, { electronicResult: true, satisfaction: 5, digitisedOnReceipt: true }),
    resolvedOn('17641', 'I-2', 1, 4, { electronicResult: true, satisfaction: 4 }),
    resolvedOn('17641', 'I-3', 2, 3, { satisfaction: 2 }),
    resolvedOn('17641', 'I-4', 3, 8, { feeBearing: true, paidOnline: true, populationDataUsed: true }),
  ]);
});
afterAll(() => t.close());

const INDEX = `query ($unit: String!, $from: Date!, $to: Date!) { serviceIndex(unitCode: $unit, from: $from, to: $to) {
  unitCode score scoredMaximum maximum representativeReceived
  groups { key maximum score scoredMaximum indicators { key maximum basis formula notComputableBecause score rate { numerator denominator value } } } } }`;

type Indicator = {
  key: string;
  maximum: number;
  basis: string;
  notComputableBecause: string | null;
  score: number | null;
  rate: { numerator: number; denominator: number } | null;
};
type Group = { key: string; maximum: number; score: number; scoredMaximum: number; indicators: Indicator[] };

async function index(unit: string, from: string, to: string) {
  const r = await t.query(INDEX, { unit, from, to });
  expect(r.errors).toBeUndefined();
  return r.data!.serviceIndex as { score: number; scoredMaximum: number; maximum: number; representativeReceived: number; groups: Group[] };
}
const indicator = (groups: Group[], key: string) => groups.flatMap((g) => g.indicators).find((i) => i.key === key)!;

describe('serviceIndex', () => {
  it('scores each indicator dossier data supports as maximum × rate, with its parts', async () => {
    const s = await index('17641', '2019-03-01', '2019-03-31');
    expect(indicator(s.groups, 'handledWithinDeadline')).toMatchObject({ rate: { numerator: 3, denominator: 4 }, score: 15 });
    expect(indicator(s.groups, 'electronicResults')).toMatchObject({ rate: { numerator: 2, denominator: 4 }, score: 3 });
    expect(indicator(s.groups, 'componentsDigitised')).toMatchObject({ rate: { numerator: 1, denominator: 4 }, score: 1 });
    expect(indicator(s.groups, 'populationData')).toMatchObject({ rate: { numerator: 1, denominator: 4 }, score: 0.5 });
    // Full at 90 %: 2 satisfied of 3 ratings = 66.7 % gives 6 × 0.667 / 0.9.
    expect(indicator(s.groups, 'dossierSatisfaction')).toMatchObject({ rate: { numerator: 2, denominator: 3 }, score: 4.44 });
    expect(indicator(s.groups, 'paidOnline')).toMatchObject({ basis: 'FITTED', rate: { numerator: 1, denominator: 1 }, score: 6 });
    expect(s.representativeReceived).toBe(0);
  });

  it('caps a score at its maximum, and gives no score (not 0) where nothing was measured', async () => {
    const s = await index('17641', '2019-03-01', '2019-03-02'); // I-1 and I-2 received; I-1 ended on the 3rd: none resolved yet
    expect(indicator(s.groups, 'electronicResults')).toMatchObject({ rate: { numerator: 0, denominator: 0 }, score: null });
    const satisfied = await index('17641', '2019-03-03', '2019-03-03'); // only I-1 ended: 1 of 1 satisfied is above 90 %
    expect(indicator(satisfied.groups, 'dossierSatisfaction')).toMatchObject({ rate: { numerator: 1, denominator: 1 }, score: 6 });
  });

  it('marks what dossier data cannot support, and the totals say out of how much they are', async () => {
    const s = await index('20', '2025-01-01', '2025-03-31');
    expect(s.maximum).toBe(100);
    expect(s.groups.reduce((n, g) => n + g.maximum, 0)).toBe(100);
    const unsupported = s.groups.flatMap((g) => g.indicators).filter((i) => i.notComputableBecause);
    expect(unsupported.map((i) => i.key)).toEqual(
      expect.arrayContaining(['proceduresAnnouncedOnTime', 'dossiersSyncedInRealTime', 'complaintsOnTime', 'electronicCertifiedCopies']),
    );
    for (const i of unsupported) expect({ key: i.key, score: i.score, rate: i.rate }).toEqual({ key: i.key, score: null, rate: null });
    for (const g of s.groups) {
      const scored = g.indicators.filter((i) => i.score !== null);
      expect(g.scoredMaximum).toBe(
        Math.min(
          g.maximum,
          scored.reduce((n, i) => n + i.maximum, 0),
        ),
      );
      expect(g.score).toBeCloseTo(
        Math.min(
          g.maximum,
          scored.reduce((n, i) => n + i.score!, 0),
        ),
        2,
      );
      expect(g.score).toBeLessThanOrEqual(g.scoredMaximum);
    }
    expect(s.scoredMaximum).toBeLessThan(100);
    expect(s.score).toBeCloseTo(
      s.groups.reduce((n, g) => n + g.score, 0),
      2,
    );
    expect(s.representativeReceived).toBeGreaterThan(0); // the seed is representative, and says so
    expect(s.groups.find((g) => g.key === 'ONLINE_PAYMENT')!.indicators.every((i) => i.basis === 'FITTED')).toBe(true);
  });
});

describe('statisticsMethodology', () => {
  it('defines every figure of DossierFigures once, and the index it describes is the one computed', async () => {
    const r =
      await t.query(`{ statisticsMethodology { principles { topic text } metrics { key name kind definition countedOn numerator denominator direction source }
      serviceIndex { key maximum indicators { key maximum basis notComputableBecause } } }
      __type(name: "DossierFigures") { fields { name description } } }`);
    expect(r.errors).toBeUndefined();
    const { metrics, principles, serviceIndex } = r.data!.statisticsMethodology;
    const fields = r.data!.__type.fields as { name: string; description: string }[];
    expect(metrics.map((m: { key: string }) => m.key).sort()).toEqual(fields.map((f) => f.name).sort());
    for (const f of fields) expect(metrics.find((m: { key: string }) => m.key === f.name).definition).toBe(f.description);
    for (const m of metrics.filter((m: { kind: string }) => m.kind === 'RATE')) {
      expect([m.key, typeof m.numerator, typeof m.denominator]).toEqual([m.key, 'string', 'string']);
    }
    expect(principles.map((p: { topic: string }) => p.topic)).toEqual(expect.arrayContaining(['Calendar', 'Rates', 'Ranking', 'Representative data']));
    const computed = await index('20', '2025-01-01', '2025-03-31');
    expect(serviceIndex).toEqual(
      computed.groups.map((g) => ({
        key: g.key,
        maximum: g.maximum,
        indicators: g.indicators.map(({ key, maximum, basis, notComputableBecause }) => ({ key, maximum, basis, notComputableBecause })),
      })),
    );
  });
});
