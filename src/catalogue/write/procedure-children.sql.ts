import type { ClientBase } from 'pg';
import type { ProcedureRecord } from './catalogue-record';

/** A record stored as a new version, with the id of its row. */
export interface WrittenRecord {
  id: number;
  record: ProcedureRecord;
}

/**
 * Inserts the channels (with their fees), documents, steps and legal basis of newly stored
 * versions: a version's children are its own and never change. Legal document numbers must be
 * known (see assertKnown): the join would drop a citation of an unknown one.
 */
export async function insertChildren(db: ClientBase, written: readonly WrittenRecord[]): Promise<void> {
  const json = (rows: unknown[]) => JSON.stringify(rows);
  const each = <T>(rows: (w: WrittenRecord) => T[]) => written.flatMap(rows);

  await db.query(
    `INSERT INTO procedure_channel (procedure_id, channel, time_value, time_unit, time_description)
     SELECT c.id, c.channel, c."timeValue", c."timeUnit", c."timeDescription"
       FROM jsonb_to_recordset($1) AS c(id int, channel text, "timeValue" numeric, "timeUnit" text, "timeDescription" text)`,
    [
      json(
        each(({ id, record }) =>
          record.channels.map((c) => ({ id, channel: c.channel, timeValue: c.timeValue, timeUnit: c.timeUnit, timeDescription: c.timeDescription })),
        ),
      ),
    ],
  );

  await db.query(
    `INSERT INTO channel_fee (channel_id, position, kind, amount_vnd, description)
     SELECT pc.id, f.position, f.kind, f."amountVnd", f.description
       FROM jsonb_to_recordset($1) AS f(id int, channel text, position int, kind text, "amountVnd" bigint, description text)
       JOIN procedure_channel pc ON pc.procedure_id = f.id AND pc.channel = f.channel`,
    [json(each(({ id, record }) => record.channels.flatMap((c) => c.fees.map((fee, position) => ({ ...fee, id, channel: c.channel, position })))))],
  );

  await db.query(
    `INSERT INTO required_document (procedure_id, position, case_name, name, originals, copies, is_required, form_name, form_url)
     SELECT d.id, d.position, d."caseName", d.name, d.originals, d.copies, d."isRequired", d."formName", d."formUrl"
       FROM jsonb_to_recordset($1) AS d(id int, position int, "caseName" text, name text, originals int, copies int,
              "isRequired" boolean, "formName" text, "formUrl" text)`,
    [json(each(({ id, record }) => record.documents.map((document, position) => ({ ...document, id, position }))))],
  );

  await db.query(
    `INSERT INTO procedure_step (procedure_id, position, case_name, description)
     SELECT s.id, s.position, s."caseName", s.description
       FROM jsonb_to_recordset($1) AS s(id int, position int, "caseName" text, description text)`,
    [json(each(({ id, record }) => record.steps.map((step, position) => ({ ...step, id, position }))))],
  );

  await db.query(
    `INSERT INTO procedure_legal_basis (procedure_id, legal_document_id, position)
     SELECT c.id, d.id, c.position
       FROM jsonb_to_recordset($1) AS c(id int, number text, position int)
       JOIN legal_document d ON d.number = c.number`,
    [json(each(({ id, record }) => record.legalBasis.map((number, position) => ({ id, number, position }))))],
  );
}
