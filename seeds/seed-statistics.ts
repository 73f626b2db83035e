import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Sql } from '../src/db/sql';
import type { ApiKeyPrincipal } from '../src/dossiers/api-key.service';
import { DossierIngestionService, MAX_CHUNK } from '../src/dossiers/dossier-ingestion.service';
import { buildBlockDossiers, type ProceduresByLevel, type SeedUnit } from './build-dossiers';
import { DOSSIER_BLOCKS } from './dossier-targets';
import { dataFile } from './vocabulary';

/** Bump when the generator changes in a way the targets do not show. */
const GENERATOR_VERSION = 1;

export interface StatisticsSeedResult {
  applied: boolean;
  publishedFigures: number;
  dossiers: number;
}

/**
 * The published figures (as published, with their sources) and the representative seed dossiers
 * built to reproduce them, written through the same ingestion path agencies use and labelled
 * representative. Skipped when the same data set was applied before.
 */
export async function seedStatistics(sql: Sql): Promise<StatisticsSeedResult> {
  // Rows as arrays, in the file's column order: the columns of published_figure.
  const figures = parse(fs.readFileSync(dataFile('published-figures.csv')), { bom: true, from_line: 2, skip_empty_lines: true }) as string[][];
  const checksum = crypto.createHash('sha256').update(JSON.stringify({ figures, DOSSIER_BLOCKS, GENERATOR_VERSION })).digest('hex');
  const stored = await sql.one<{ checksum: string }>(`SELECT checksum FROM seed_run WHERE name = 'statistics'`);
  if (stored?.checksum === checksum) return { applied: false, publishedFigures: figures.length, dossiers: 0 };

  await sql.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(727003)');
    await client.query('DELETE FROM published_figure');
    await client.query(
      `INSERT INTO published_figure (unit_code, unit_name, period_start, period_end, metric, value, note, source, decimals)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::numeric[], $7::text[], $8::text[], $9::smallint[])`,
      [
        ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => figures.map((row) => (row[i] === '' && (i === 2 || i === 3) ? null : row[i]))),
        // The precision it was published with: "87.3" is 87.3 to one decimal, not 87.30.
        figures.map((row) => (row[5].split('.')[1] ?? '').length),
      ],
    );
  });
  // Seed dossiers are replaced as a whole; their counts leave the rollups with them.
  await new DossierIngestionService(sql).removeRepresentative();
  const dossiers = await seedDossiers(sql);
  await sql.rows(
    `INSERT INTO seed_run (name, checksum) VALUES ('statistics', $1) ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
    [checksum],
  );
  return { applied: true, publishedFigures: figures.length, dossiers };
}

async function seedDossiers(sql: Sql): Promise<number> {
  const units = await sql.rows<SeedUnit & { id: number; parent: string | null }>(
    `SELECT u.id, u.code, u.level, p.code AS parent FROM administrative_unit u LEFT JOIN administrative_unit p ON p.id = u.parent_id ORDER BY u.code`,
  );
  const procedureRows = await sql.rows<{ code: string; level: string }>(`SELECT code, level FROM procedure WHERE NOT is_representative ORDER BY code`);
  const procedures: ProceduresByLevel = {};
  for (const row of procedureRows) (procedures[row.level] ??= []).push(row.code);
  const everyUnit: ApiKeyPrincipal = { keyId: 0, name: 'seed', unitCode: '', scope: new Map(units.map((u) => [u.code, u.id])) };
  const descendants = (code: string): string[] => units.filter((u) => u.parent === code).flatMap((u) => [u.code, ...descendants(u.code)]);

  const ingestion = new DossierIngestionService(sql);
  let written = 0;
  for (const [b, block] of DOSSIER_BLOCKS.entries()) {
    const excluded = new Set((block.units.except ?? []).flatMap((code) => [code, ...descendants(code)]));
    const codes = [...(block.units.codes ?? []), ...(block.units.subunitsOf ? descendants(block.units.subunitsOf) : [])].filter((code) => !excluded.has(code));
    const blockUnits = codes.map((code) => units.find((u) => u.code === code)!);
    const dossiers = buildBlockDossiers(block, blockUnits, procedures, `SEED${b + 1}`);
    for (let i = 0; i < dossiers.length; i += MAX_CHUNK) {
      const results = await ingestion.ingest(everyUnit, dossiers.slice(i, i + MAX_CHUNK), { representative: true });
      const rejected = results.find((r) => r.outcome === 'REJECTED');
      if (rejected) throw new Error(`seed dossier ${rejected.externalCode} of ${block.name} rejected: ${rejected.error?.message}`);
      written += results.length;
    }
  }
  return written;
}
