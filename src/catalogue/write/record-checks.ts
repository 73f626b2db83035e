import type { ClientBase } from 'pg';
import { badInput } from '../../shared/errors';

/** The codes records refer to each other by, and where each kind lives. */
const REFERENCES = {
  unit: { table: 'administrative_unit', column: 'code', noun: 'administrative unit' },
  field: { table: 'field', column: 'code', noun: 'field' },
  agency: { table: 'agency', column: 'code', noun: 'agency' },
  legalDocument: { table: 'legal_document', column: 'number', noun: 'legal document' },
  legalAct: { table: 'legal_act', column: 'number', noun: 'legal act' },
} as const;

/** A record (named for the message, e.g. `procedure 1.001193`) and a code it refers to. */
export interface Use {
  record: string;
  code: string;
}

const MAX_NAMED = 5;

const listed = (problems: string[]) =>
  problems.slice(0, MAX_NAMED).join('; ') + (problems.length > MAX_NAMED ? `; and ${problems.length - MAX_NAMED} more` : '');

/**
 * Refuses the write when a record refers to a code the catalogue does not hold. References are
 * written before what refers to them, so a code the same write adds counts as held. The error
 * rolls back the writer's transaction: nothing of the write is kept. (A join would drop such a
 * record silently, and the published totals with it.)
 */
export async function assertKnown(db: ClientBase, kind: keyof typeof REFERENCES, uses: readonly Use[]): Promise<void> {
  const codes = [...new Set(uses.map((use) => use.code))];
  if (codes.length === 0) return;
  const { table, column, noun } = REFERENCES[kind];
  const { rows } = await db.query<{ code: string }>(
    `SELECT c AS code FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT FROM ${table} t WHERE t.${column} = c)`,
    [codes],
  );
  if (rows.length === 0) return;
  const missing = new Set(rows.map((row) => row.code));
  const problems = uses.filter((use) => missing.has(use.code)).map((use) => `${use.record} refers to an unknown ${noun} "${use.code}"`);
  throw badInput(`catalogue write refused, nothing written: ${listed(problems)}`);
}

/** Refuses a write that carries one code twice: which of the two records is meant? */
export function assertUnique(what: string, codes: Iterable<string>, seen = new Set<string>()): void {
  const twice: string[] = [];
  for (const code of codes) {
    if (seen.has(code)) twice.push(`${what} "${code}" appears twice`);
    seen.add(code);
  }
  if (twice.length) throw badInput(`catalogue write refused, nothing written: ${listed(twice)}`);
}
