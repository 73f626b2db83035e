import { loadScaleContext, scaleDossiers, seedScaleDossiers, toDossierInput } from '../../tools/scale-dossiers';
import { mulberry32 } from '../../seeds/random';
import { ROLLUP_COUNTERS } from '../../src/dossiers/dossier-contribution';
import { DossierStatisticsService } from '../../src/statistics/dossier-statistics.service';
import { validateDossier } from '../../src/dossiers/dossier-input';
import { directFigures, pick, rollupDisagreements } from '../support/direct-statistics';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

const N = 20_000;

/** A rollup row of zeros (left where counts were taken back) says nothing: digests skip it. */
const NOT_ZERO = `(${ROLLUP_COUNTERS.map((c) => `t.${c} <> 0`).join(' OR ')})`;

/** A digest of every scale dossier and of the rollups, so two databases can be compared whole. */
async function fingerprint(db: TestDatabase) {
  return db.sql.one<Record<string, string>>(
    `SELECT (SELECT md5(string_agg(concat_ws('|', u.code, d.external_code, d.procedure_code, d.field_code, d.full_online_offered, d.level,
                   d.channel, d.status, d.received_at, d.due_at, d.finished_at, d.returned_at, d.updated_at, d.digitised_on_receipt,
                   d.electronic_result, d.paid_online, d.fee_bearing, d.population_data_used, d.apology_issued, d.satisfaction,
                   d.is_representative), ',' ORDER BY d.external_code))
             FROM dossier d JOIN administrative_unit u ON u.id = d.unit_id WHERE d.external_code LIKE 'SCALE-%') AS dossiers,
            (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM dossier_daily t WHERE ${NOT_ZERO}) AS daily,
            (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM dossier_monthly t WHERE ${NOT_ZERO}) AS monthly`,
  );
}

describe('scale dossiers', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('are dossiers ingestion would accept, for units of every level of the province', async () => {
    const context = await loadScaleContext(a.sql);
    const codeOf = new Map(context.units.map((u) => [u.id, u.code]));
    const [first] = scaleDossiers(context, N, { batch: 5000 });
    for (const version of first) {
      const input = toDossierInput(version, codeOf.get(version.unitId)!);
      expect(() => validateDossier(input, Date.now())).not.toThrow();
    }
    expect(new Set(first.map((v) => v.level))).toEqual(new Set(['PROVINCE', 'DISTRICT', 'COMMUNE']));
    expect(new Set(first.map((v) => v.status)).size).toBeGreaterThanOrEqual(5);
  });

  it('load with rollups that equal a direct count over the raw dossiers', async () => {
    const result = await seedScaleDossiers(a.sql, { dossiers: N });
    expect(result).toMatchObject({ applied: true, dossiers: N });
    const [{ n, representative }] = await a.sql.rows<{ n: number; representative: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE is_representative)::int AS representative FROM dossier WHERE external_code LIKE 'SCALE-%'`,
    );
    expect({ n, representative }).toEqual({ n: N, representative: N });

    const service = new DossierStatisticsService(a.sql);
    const units = await a.sql.rows<{ code: string }>(
      `SELECT DISTINCT u.code FROM dossier d JOIN administrative_unit u ON u.id = d.unit_id WHERE d.external_code LIKE 'SCALE-%' ORDER BY 1`,
    );
    const random = mulberry32(7);
    const day = (start: number, span: number) => new Date(start + Math.floor(random() * span) * 86_400_000).toISOString().slice(0, 10);
    // The province (with the seed's dossiers of 2023-2025 in it too), a district, and random units and periods.
    const codes = ['20', '178', ...Array.from({ length: 6 }, () => units[Math.floor(random() * units.length)].code)];
    for (const unitCode of codes) {
      const from = day(Date.UTC(2021, 11, 1), 1400);
      const to = day(Date.parse(`${from}T00:00:00Z`), 500);
      const figures = await service.statistics({ unitCode, from, to, includeSubunits: true });
      const direct = await directFigures(a.sql, unitCode, from, to);
      expect({ unitCode, from, to, ...pick(figures!, Object.keys(direct)) }).toEqual({ unitCode, from, to, ...direct });
    }
    // Not a vacuous check: the province's year 2024 has thousands of dossiers.
    expect((await directFigures(a.sql, '20', '2024-01-01', '2024-12-31')).newlyReceived).toBeGreaterThan(N / 5);
    expect(await rollupDisagreements(a.sql)).toEqual([]);
  });

  it('come out the same on every run, and a second run of the same set does nothing', async () => {
    await seedScaleDossiers(b.sql, { dossiers: N });
    expect(await fingerprint(b)).toEqual(await fingerprint(a));
    expect(await seedScaleDossiers(a.sql, { dossiers: N })).toMatchObject({ applied: false });
  });

  it('replace an earlier run of another size, counts included', async () => {
    const before = await fingerprint(b);
    const result = await seedScaleDossiers(b.sql, { dossiers: N / 4 });
    expect(result).toMatchObject({ applied: true, removed: N, dossiers: N / 4 });
    const figures = await new DossierStatisticsService(b.sql).statistics({ unitCode: '20', from: '2023-01-01', to: '2024-12-31', includeSubunits: true });
    const direct = await directFigures(b.sql, '20', '2023-01-01', '2024-12-31');
    expect(pick(figures!, Object.keys(direct))).toEqual(direct);
    // And back: the same data as the first run.
    await seedScaleDossiers(b.sql, { dossiers: N });
    expect(await fingerprint(b)).toEqual(before);
  });
});
