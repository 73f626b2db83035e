import type { ClientBase } from 'pg';
import type { AgencyRecord, FieldRecord, LegalActRecord, LegalDocumentRecord, UnitRecord } from './catalogue-record';

/**
 * Upserts of what procedures refer to, each on its natural key. A row is only rewritten when a
 * column differs, so an unchanged record changes nothing (and bumps no version). Each returns the
 * ids of the rows it inserted or changed.
 */

const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

/** Units of one level: their parents (a level up) must be written first. */
export async function upsertUnits(db: ClientBase, units: readonly UnitRecord[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO administrative_unit (code, name, kind, level, parent_id)
     SELECT u.code, u.name, u.kind, u.level, parent.id
       FROM jsonb_to_recordset($1) AS u(code text, name text, kind text, level text, "parentCode" text)
       LEFT JOIN administrative_unit parent ON parent.code = u."parentCode"
     ON CONFLICT (code) DO UPDATE
       SET name = excluded.name, kind = excluded.kind, level = excluded.level, parent_id = excluded.parent_id
     WHERE (administrative_unit.name, administrative_unit.kind, administrative_unit.level, administrative_unit.parent_id)
           IS DISTINCT FROM (excluded.name, excluded.kind, excluded.level, excluded.parent_id)
     RETURNING id`,
    [JSON.stringify(units)],
  );
  return ids(rows);
}

export async function upsertFields(db: ClientBase, fields: readonly FieldRecord[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO field (code, name)
     SELECT code, name FROM jsonb_to_recordset($1) AS f(code text, name text)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE field.name IS DISTINCT FROM excluded.name
     RETURNING id`,
    [JSON.stringify(fields)],
  );
  return ids(rows);
}

export async function upsertAgencies(db: ClientBase, agencies: readonly AgencyRecord[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO agency (code, name, level, unit_id)
     SELECT a.code, a.name, a.level, u.id
       FROM jsonb_to_recordset($1) AS a(code text, name text, level text, "unitCode" text)
       JOIN administrative_unit u ON u.code = a."unitCode"
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, unit_id = excluded.unit_id
     WHERE (agency.name, agency.level, agency.unit_id) IS DISTINCT FROM (excluded.name, excluded.level, excluded.unit_id)
     RETURNING id`,
    [JSON.stringify(agencies)],
  );
  return ids(rows);
}

export async function upsertLegalDocuments(db: ClientBase, documents: readonly LegalDocumentRecord[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO legal_document (number, title, issuer, issued_on)
     SELECT number, title, issuer, "issuedOn"
       FROM jsonb_to_recordset($1) AS d(number text, title text, issuer text, "issuedOn" date)
     ON CONFLICT (number) DO UPDATE SET title = excluded.title, issuer = excluded.issuer, issued_on = excluded.issued_on
     WHERE (legal_document.title, legal_document.issuer, legal_document.issued_on)
           IS DISTINCT FROM (excluded.title, excluded.issuer, excluded.issued_on)
     RETURNING id`,
    [JSON.stringify(documents)],
  );
  return ids(rows);
}

export async function upsertLegalActs(db: ClientBase, acts: readonly LegalActRecord[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO legal_act (number, title, issuer, issued_on, is_representative)
     SELECT number, title, issuer, "issuedOn", "isRepresentative"
       FROM jsonb_to_recordset($1) AS d(number text, title text, issuer text, "issuedOn" date, "isRepresentative" boolean)
     ON CONFLICT (number) DO UPDATE
       SET title = excluded.title, issuer = excluded.issuer, issued_on = excluded.issued_on, is_representative = excluded.is_representative
     WHERE (legal_act.title, legal_act.issuer, legal_act.issued_on, legal_act.is_representative)
           IS DISTINCT FROM (excluded.title, excluded.issuer, excluded.issued_on, excluded.is_representative)
     RETURNING id`,
    [JSON.stringify(acts)],
  );
  return ids(rows);
}

/** Procedures whose search text names one of these fields or agencies (renamed ones). */
export async function proceduresOf(db: ClientBase, fieldIds: number[], agencyIds: number[]): Promise<number[]> {
  if (fieldIds.length === 0 && agencyIds.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM procedure WHERE field_id = ANY($1::int[]) OR implementing_agency_id = ANY($2::int[])`, [
    fieldIds,
    agencyIds,
  ]);
  return ids(rows);
}
