import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const COUNT = `query ($filter: ProcedureFilter) {
  procedures(filter: $filter, first: 1) { totalCount }
  catalogueSummary(filter: $filter) { total }
}`;

/** Each case: a filter and an independent SQL count written without the service's SQL builder. */
const CASES: { name: string; filter: Record<string, unknown>; sql: string; params?: unknown[] }[] = [
  { name: 'levels', filter: { levels: ['COMMUNE'] }, sql: `level = 'COMMUNE'` },
  { name: 'several levels', filter: { levels: ['COMMUNE', 'DISTRICT'] }, sql: `level IN ('COMMUNE','DISTRICT')` },
  { name: 'one-stop', filter: { isOneStop: false }, sql: `NOT is_one_stop` },
  { name: 'inter-connected', filter: { isInterconnected: true }, sql: `is_interconnected` },
  { name: 'online levels', filter: { onlineServiceLevels: ['FULL'] }, sql: `online_service_level = 'FULL'` },
  { name: 'online NONE', filter: { onlineServiceLevels: ['NONE'] }, sql: `online_service_level = 'NONE'` },
  {
    name: 'channels',
    filter: { channels: ['POSTAL'] },
    sql: `id IN (SELECT procedure_id FROM procedure_channel WHERE channel = 'POSTAL')`,
  },
  {
    name: 'free',
    filter: { isFree: true },
    sql: `NOT EXISTS (SELECT 1 FROM procedure_channel c JOIN channel_fee f ON f.channel_id = c.id
                       WHERE c.procedure_id = procedure.id AND (f.amount_vnd IS NULL OR f.amount_vnd > 0))`,
  },
  {
    name: 'not free',
    filter: { isFree: false },
    sql: `EXISTS (SELECT 1 FROM procedure_channel c JOIN channel_fee f ON f.channel_id = c.id
                   WHERE c.procedure_id = procedure.id AND (f.amount_vnd IS NULL OR f.amount_vnd > 0))`,
  },
  {
    name: 'max fee',
    filter: { maxFeeVnd: 50000 },
    // some channel whose fees are all known and add up to at most 50,000
    sql: `EXISTS (SELECT 1 FROM procedure_channel c WHERE c.procedure_id = procedure.id
                   AND NOT EXISTS (SELECT 1 FROM channel_fee f WHERE f.channel_id = c.id AND f.amount_vnd IS NULL)
                   AND (SELECT coalesce(sum(amount_vnd), 0) FROM channel_fee f WHERE f.channel_id = c.id) <= 50000)`,
  },
  {
    name: 'max processing days',
    filter: { maxProcessingDays: 3 },
    sql: `EXISTS (SELECT 1 FROM procedure_channel c WHERE c.procedure_id = procedure.id
                   AND CASE c.time_unit WHEN 'HOUR' THEN c.time_value / 8 ELSE c.time_value END <= 3)`,
  },
  { name: 'subjects', filter: { subjects: ['ENTERPRISE', 'FOREIGNER'] }, sql: `'ENTERPRISE' = ANY(subjects) OR 'FOREIGNER' = ANY(subjects)` },
  { name: 'statuses', filter: { statuses: ['PUBLIC'] }, sql: `status = 'PUBLIC'` },
  { name: 'statuses none', filter: { statuses: ['ABOLISHED'] }, sql: `status = 'ABOLISHED'` },
  { name: 'updated since', filter: { updatedSince: '2024-07-01T00:00:00Z' }, sql: `updated_at >= '2024-07-01T00:00:00Z'` },
  {
    name: 'field',
    filter: { fieldCodes: ['ho-tich'] },
    sql: `field_id = (SELECT id FROM field WHERE code = 'ho-tich')`,
  },
  {
    name: 'agency',
    filter: { agencyCodes: ['20.UBND-XA'] },
    sql: `implementing_agency_id = (SELECT id FROM agency WHERE code = '20.UBND-XA')`,
  },
  {
    name: 'level, one-stop and online together',
    filter: { levels: ['PROVINCE'], isOneStop: true, onlineServiceLevels: ['FULL', 'PARTIAL'] },
    sql: `level = 'PROVINCE' AND is_one_stop AND online_service_level IN ('FULL','PARTIAL')`,
  },
  {
    name: 'free, fast and online',
    filter: { isFree: true, maxProcessingDays: 5, channels: ['ONLINE'] },
    sql: `is_free AND min_processing_days <= 5 AND id IN (SELECT procedure_id FROM procedure_channel WHERE channel = 'ONLINE')`,
  },
  {
    name: 'field and subject and recent',
    filter: { fieldCodes: ['ho-tich', 'chung-thuc'], subjects: ['CITIZEN'], updatedSince: '2024-01-01T00:00:00Z' },
    sql: `field_id IN (SELECT id FROM field WHERE code IN ('ho-tich','chung-thuc')) AND 'CITIZEN' = ANY(subjects)
          AND updated_at >= '2024-01-01T00:00:00Z'`,
  },
];

describe('procedure filters', () => {
  it.each(CASES)('$name matches an independent SQL count', async ({ filter, sql }) => {
    const [{ n }] = await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE ${sql}`);
    const { data, errors } = await t.query(COUNT, { filter });
    expect(errors).toBeUndefined();
    expect(data!.procedures.totalCount).toBe(n);
    expect(data!.catalogueSummary.total).toBe(n);
  });

  it('the seed data makes the filters meaningful (not all-or-nothing)', async () => {
    for (const filter of [{ isFree: true }, { maxFeeVnd: 50000 }, { maxProcessingDays: 3 }, { isInterconnected: true }, { channels: ['POSTAL'] }]) {
      const { data } = await t.query(COUNT, { filter });
      expect(data!.procedures.totalCount).toBeGreaterThan(0);
      expect(data!.procedures.totalCount).toBeLessThan(1823);
    }
  });

  it('returns procedures that satisfy the filter, with their children', async () => {
    const { data } = await t.query(
      `{ procedures(first: 100, filter: { isFree: true, channels: [ONLINE], levels: [COMMUNE] }) {
           edges { node { level isFree minFeeVnd channels { channel fees { amountVnd } } } } } }`,
    );
    expect(data!.procedures.edges.length).toBeGreaterThan(0);
    for (const { node } of data!.procedures.edges) {
      expect(node.level).toBe('COMMUNE');
      expect(node.isFree).toBe(true);
      expect(node.minFeeVnd).toBe(0);
      expect(node.channels.map((c: any) => c.channel)).toContain('ONLINE');
      for (const c of node.channels) for (const f of c.fees) expect(f.amountVnd).toBe(0);
    }
  });
});
