import DataLoader from 'dataloader';
import { byKey, groupedByKey } from '../db/batch';
import type { Sql } from '../db/sql';
import { toGlobalId } from '../graphql/global-id';
import type { Agency } from './agency.type';
import type { Fee } from './fee.type';
import type { FieldType } from './field.type';
import type { LegalDocument } from './legal-document.type';
import type { ProcedureChannel } from './procedure-channel.type';
import type { ProcedureStep } from './procedure-step.type';
import type { RequiredDocument } from './required-document.type';

export const FIELD_COLUMNS = `f.id AS "dbId", f.code, f.name`;
export const AGENCY_COLUMNS = `a.id AS "dbId", a.code, a.name, a.level, a.unit_id AS "unitId"`;

export const toField = (row: Omit<FieldType, 'id'>): FieldType => ({ ...row, id: toGlobalId('Field', row.code) });
export const toAgency = (row: Omit<Agency, 'id' | 'unit'>) => ({ ...row, id: toGlobalId('Agency', row.code) }) as Agency;

type Keyed<T> = T & { key: number };

/**
 * Per-request loaders for the catalogue: each turns all the keys asked for at one nesting level
 * into a single SQL statement, so a page of 100 procedures costs as many statements as a page of 1.
 */
export function createCatalogueLoaders(sql: Sql) {
  const ids = (keys: readonly number[]) => [keys as number[]];
  return {
    field: new DataLoader<number, FieldType | null>(async (keys) =>
      byKey(keys, (await sql.rows<Omit<FieldType, 'id'>>(`SELECT ${FIELD_COLUMNS} FROM field f WHERE f.id = ANY($1::int[])`, ids(keys))).map(toField), (r) => r.dbId),
    ),

    // Counted only when asked for: a field is read with every procedure of a page.
    fieldProcedureCount: new DataLoader<number, number>(async (keys) => {
      const rows = await sql.rows<{ key: number; n: number }>(
        `SELECT field_id AS key, count(*)::int AS n FROM procedure WHERE field_id = ANY($1::int[]) GROUP BY field_id`,
        ids(keys),
      );
      return byKey(keys, rows, (r) => r.key).map((r) => r?.n ?? 0);
    }),

    agency: new DataLoader<number, Agency | null>(async (keys) =>
      byKey(keys, (await sql.rows<Omit<Agency, 'id' | 'unit'>>(`SELECT ${AGENCY_COLUMNS} FROM agency a WHERE a.id = ANY($1::int[])`, ids(keys))).map(toAgency), (r) => r.dbId),
    ),

    channels: new DataLoader<number, ProcedureChannel[]>(async (keys) => {
      const rows = await sql.rows<Keyed<{ dbId: number; channel: string; value: number | null; unit: string | null; description: string }>>(
        `SELECT procedure_id AS key, id AS "dbId", channel, time_value AS value, time_unit AS unit, time_description AS description
           FROM procedure_channel WHERE procedure_id = ANY($1::int[])
          ORDER BY procedure_id, CASE channel WHEN 'IN_PERSON' THEN 1 WHEN 'ONLINE' THEN 2 ELSE 3 END`,
        ids(keys),
      );
      const channels = rows.map((r) => ({
        key: r.key,
        dbId: r.dbId,
        channel: r.channel,
        processingTime: { value: r.value, unit: r.unit, description: r.description },
      }));
      return groupedByKey(keys, channels, (r) => r.key) as unknown as ProcedureChannel[][];
    }),

    fees: new DataLoader<number, Fee[]>(async (keys) =>
      groupedByKey(
        keys,
        await sql.rows<Keyed<Fee>>(
          `SELECT channel_id AS key, kind, amount_vnd AS "amountVnd", description
             FROM channel_fee WHERE channel_id = ANY($1::int[]) ORDER BY channel_id, position`,
          ids(keys),
        ),
        (r) => r.key,
      ),
    ),

    requiredDocuments: new DataLoader<number, RequiredDocument[]>(async (keys) =>
      groupedByKey(
        keys,
        await sql.rows<Keyed<RequiredDocument>>(
          `SELECT procedure_id AS key, case_name AS "caseName", name, originals, copies, is_required AS "isRequired",
                  form_name AS "formName", form_url AS "formUrl"
             FROM required_document WHERE procedure_id = ANY($1::int[]) ORDER BY procedure_id, position`,
          ids(keys),
        ),
        (r) => r.key,
      ),
    ),

    steps: new DataLoader<number, ProcedureStep[]>(async (keys) =>
      groupedByKey(
        keys,
        await sql.rows<Keyed<ProcedureStep>>(
          `SELECT procedure_id AS key, position + 1 AS position, case_name AS "caseName", description
             FROM procedure_step WHERE procedure_id = ANY($1::int[]) ORDER BY procedure_id, position`,
          ids(keys),
        ),
        (r) => r.key,
      ),
    ),

    legalBasis: new DataLoader<number, LegalDocument[]>(async (keys) =>
      groupedByKey(
        keys,
        await sql.rows<Keyed<LegalDocument>>(
          `SELECT b.procedure_id AS key, d.number, d.title, d.issuer, d.issued_on AS "issuedOn"
             FROM procedure_legal_basis b JOIN legal_document d ON d.id = b.legal_document_id
            WHERE b.procedure_id = ANY($1::int[]) ORDER BY b.procedure_id, b.position`,
          ids(keys),
        ),
        (r) => r.key,
      ),
    ),
  };
}

export type CatalogueLoaders = ReturnType<typeof createCatalogueLoaders>;
