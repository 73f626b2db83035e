import crypto from 'node:crypto';
import type { PoolClient } from 'pg';
import type { CatalogueSeed, SeedProcedure } from './catalogue-seed.types';

export interface SeedResult {
  /** false when the stored checksum showed the same data set was already applied. */
  applied: boolean;
  /** Procedures inserted or rewritten because their content changed. */
  proceduresWritten: number;
  /** Representative procedures removed because the data set no longer has them. */
  proceduresRemoved: number;
}

const sha256 = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

const LEVELS = ['PROVINCE', 'DISTRICT', 'COMMUNE'] as const;

/**
 * Writes the seed catalogue in the caller's transaction. Idempotent: every row is upserted on its
 * natural key and only rewritten when its content differs, so a second run changes nothing
 * (not even `updated_at`, which comes from the data, not from the clock).
 */
export async function loadCatalogue(db: PoolClient, seed: CatalogueSeed, options: { force?: boolean } = {}): Promise<SeedResult> {
  const checksum = sha256(seed);
  if (!options.force) {
    const stored = await db.query(`SELECT checksum FROM seed_run WHERE name = 'catalogue'`);
    if (stored.rows[0]?.checksum === checksum) return { applied: false, proceduresWritten: 0, proceduresRemoved: 0 };
  }

  // Parents before children: a unit's parent must exist when the unit is written.
  for (const level of LEVELS) {
    await db.query(
      `INSERT INTO administrative_unit (code, name, kind, level, parent_id)
       SELECT u.code, u.name, u.kind, u.level, parent.id
         FROM jsonb_to_recordset($1) AS u(code text, name text, kind text, level text, "parentCode" text)
         LEFT JOIN administrative_unit parent ON parent.code = u."parentCode"
       ON CONFLICT (code) DO UPDATE
         SET name = excluded.name, kind = excluded.kind, level = excluded.level, parent_id = excluded.parent_id
       WHERE (administrative_unit.name, administrative_unit.kind, administrative_unit.level, administrative_unit.parent_id)
             IS DISTINCT FROM (excluded.name, excluded.kind, excluded.level, excluded.parent_id)`,
      [JSON.stringify(seed.units.filter((u) => u.level === level))],
    );
  }

  // A renamed field or agency changes the search text of its procedures: refresh them all then.
  let referencesChanged = 0;
  referencesChanged += (await db.query(
    `INSERT INTO field (code, name)
     SELECT code, name FROM jsonb_to_recordset($1) AS f(code text, name text)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE field.name IS DISTINCT FROM excluded.name`,
    [JSON.stringify(seed.fields)],
  )).rowCount ?? 0;

  referencesChanged += (await db.query(
    `INSERT INTO agency (code, name, level, unit_id)
     SELECT a.code, a.name, a.level, u.id
       FROM jsonb_to_recordset($1) AS a(code text, name text, level text, "unitCode" text)
       JOIN administrative_unit u ON u.code = a."unitCode"
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, unit_id = excluded.unit_id
     WHERE (agency.name, agency.level, agency.unit_id) IS DISTINCT FROM (excluded.name, excluded.level, excluded.unit_id)`,
    [JSON.stringify(seed.agencies)],
  )).rowCount ?? 0;

  await db.query(
    `INSERT INTO legal_document (number, title, issuer, issued_on)
     SELECT number, title, issuer, "issuedOn"
       FROM jsonb_to_recordset($1) AS d(number text, title text, issuer text, "issuedOn" date)
     ON CONFLICT (number) DO UPDATE SET title = excluded.title, issuer = excluded.issuer, issued_on = excluded.issued_on
     WHERE (legal_document.title, legal_document.issuer, legal_document.issued_on)
           IS DISTINCT FROM (excluded.title, excluded.issuer, excluded.issued_on)`,
    [JSON.stringify(seed.legalDocuments)],
  );

  const written = new Set(await upsertProcedures(db, seed.procedures));
  if (written.size > 0) await writeChildren(db, seed.procedures.filter((p) => written.has(p.code)));
  const refresh = referencesChanged > 0 ? seed.procedures.map((p) => p.code) : [...written];
  if (refresh.length > 0) {
    await db.query(`SELECT refresh_procedure_derived(array_agg(id)) FROM procedure WHERE code = ANY($1::text[])`, [refresh]);
  }

  const removed = await db.query(
    `DELETE FROM procedure WHERE is_representative AND NOT (code = ANY($1::text[]))`,
    [seed.procedures.map((p) => p.code)],
  );
  if (removed.rowCount) await db.query(`SELECT refresh_search_document_uses()`);
  // Search picks its plans from the projection's statistics: give them the new rows now rather
  // than when autovacuum gets round to it.
  if (refresh.length > 0 || removed.rowCount) await db.query(`ANALYZE procedure_search, search_document`);

  await db.query(
    `INSERT INTO seed_run (name, checksum) VALUES ('catalogue', $1)
     ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
    [checksum],
  );
  return { applied: true, proceduresWritten: written.size, proceduresRemoved: removed.rowCount ?? 0 };
}

/** Upserts the procedure rows and returns the codes whose content was inserted or changed. */
async function upsertProcedures(db: PoolClient, procedures: SeedProcedure[]): Promise<string[]> {
  const rows = procedures.map((p) => ({
    code: p.code,
    name: p.name,
    name_en: p.nameEn,
    level: p.level,
    field_code: p.fieldCode,
    agency_code: p.agencyCode,
    status: p.status,
    effective_from: p.effectiveFrom,
    effective_to: p.effectiveTo,
    is_one_stop: p.isOneStop,
    is_interconnected: p.isInterconnected,
    online_service_level: p.onlineServiceLevel,
    subjects: p.subjects,
    conditions: p.conditions,
    results: p.results,
    announcement_decision: p.announcementDecision,
    is_representative: p.isRepresentative,
    updated_at: p.updatedAt,
    content_hash: sha256(p),
  }));
  const result = await db.query<{ code: string }>(
    `INSERT INTO procedure (code, name, name_en, level, field_id, implementing_agency_id, status, effective_from,
                            effective_to, is_one_stop, is_interconnected, online_service_level, subjects, conditions,
                            results, announcement_decision, is_representative, updated_at, content_hash)
     SELECT r.code, r.name, r.name_en, r.level, f.id, a.id, r.status, r.effective_from, r.effective_to, r.is_one_stop,
            r.is_interconnected, r.online_service_level, r.subjects, r.conditions, r.results,
            r.announcement_decision, r.is_representative, r.updated_at, r.content_hash
       FROM jsonb_to_recordset($1) AS r(code text, name text, name_en text, level text, field_code text,
              agency_code text, status text, effective_from date, effective_to date, is_one_stop boolean,
              is_interconnected boolean, online_service_level text, subjects text[], conditions text,
              results text[], announcement_decision text, is_representative boolean, updated_at timestamptz,
              content_hash text)
       JOIN field f ON f.code = r.field_code
       JOIN agency a ON a.code = r.agency_code
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, name_en = excluded.name_en, level = excluded.level, field_id = excluded.field_id,
       implementing_agency_id = excluded.implementing_agency_id, status = excluded.status,
       effective_from = excluded.effective_from, effective_to = excluded.effective_to,
       is_one_stop = excluded.is_one_stop, is_interconnected = excluded.is_interconnected,
       online_service_level = excluded.online_service_level, subjects = excluded.subjects,
       conditions = excluded.conditions, results = excluded.results,
       announcement_decision = excluded.announcement_decision, is_representative = excluded.is_representative,
       updated_at = excluded.updated_at, content_hash = excluded.content_hash
     WHERE procedure.content_hash IS DISTINCT FROM excluded.content_hash
     RETURNING code`,
    [JSON.stringify(rows)],
  );
  if (result.rowCount !== procedures.length) {
    // A silently dropped row (unknown field or agency code) would corrupt the published totals.
    const known = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE code = ANY($1::text[])`, [
      procedures.map((p) => p.code),
    ]);
    if (known.rows[0].n !== procedures.length) {
      throw new Error(`seed: ${procedures.length - known.rows[0].n} procedures refer to an unknown field or agency`);
    }
  }
  return result.rows.map((r) => r.code);
}

/** Replaces channels, fees, documents, steps and legal basis of the given (changed) procedures. */
async function writeChildren(db: PoolClient, procedures: SeedProcedure[]): Promise<void> {
  const codes = procedures.map((p) => p.code);
  const json = (value: unknown) => JSON.stringify(value);
  for (const table of ['procedure_channel', 'required_document', 'procedure_step', 'procedure_legal_basis']) {
    await db.query(`DELETE FROM ${table} WHERE procedure_id IN (SELECT id FROM procedure WHERE code = ANY($1::text[]))`, [codes]);
  }

  const channels = procedures.flatMap((p) => p.channels.map((c) => ({ ...c, code: p.code })));
  await db.query(
    `INSERT INTO procedure_channel (procedure_id, channel, time_value, time_unit, time_description)
     SELECT p.id, c.channel, c."timeValue", c."timeUnit", c."timeDescription"
       FROM jsonb_to_recordset($1) AS c(code text, channel text, "timeValue" numeric, "timeUnit" text, "timeDescription" text)
       JOIN procedure p ON p.code = c.code`,
    [json(channels)],
  );

  const fees = procedures.flatMap((p) =>
    p.channels.flatMap((c) => c.fees.map((f, position) => ({ ...f, code: p.code, channel: c.channel, position }))),
  );
  await db.query(
    `INSERT INTO channel_fee (channel_id, position, kind, amount_vnd, description)
     SELECT pc.id, f.position, f.kind, f."amountVnd", f.description
       FROM jsonb_to_recordset($1) AS f(code text, channel text, position int, kind text, "amountVnd" bigint, description text)
       JOIN procedure p ON p.code = f.code
       JOIN procedure_channel pc ON pc.procedure_id = p.id AND pc.channel = f.channel`,
    [json(fees)],
  );

  const documents = procedures.flatMap((p) => p.documents.map((d, position) => ({ ...d, code: p.code, position })));
  await db.query(
    `INSERT INTO required_document (procedure_id, position, case_name, name, originals, copies, is_required, form_name, form_url)
     SELECT p.id, d.position, d."caseName", d.name, d.originals, d.copies, d."isRequired", d."formName", d."formUrl"
       FROM jsonb_to_recordset($1) AS d(code text, position int, "caseName" text, name text, originals int, copies int,
              "isRequired" boolean, "formName" text, "formUrl" text)
       JOIN procedure p ON p.code = d.code`,
    [json(documents)],
  );

  const steps = procedures.flatMap((p) => p.steps.map((s, position) => ({ ...s, code: p.code, position })));
  await db.query(
    `INSERT INTO procedure_step (procedure_id, position, case_name, description)
     SELECT p.id, s.position, s."caseName", s.description
       FROM jsonb_to_recordset($1) AS s(code text, position int, "caseName" text, description text)
       JOIN procedure p ON p.code = s.code`,
    [json(steps)],
  );

  const citations = procedures.flatMap((p) => p.legalBasis.map((number, position) => ({ code: p.code, number, position })));
  await db.query(
    `INSERT INTO procedure_legal_basis (procedure_id, legal_document_id, position)
     SELECT p.id, d.id, c.position
       FROM jsonb_to_recordset($1) AS c(code text, number text, position int)
       JOIN procedure p ON p.code = c.code
       JOIN legal_document d ON d.number = c.number`,
    [json(citations)],
  );
}
