import type { SqlParams } from '../db/sql-params';

/**
 * The condition that keeps, of the procedure rows (versions) under `alias`, those in force on
 * `day` (YYYY-MM-DD, Vietnam's calendar): at most one per code. Every read of the catalogue goes
 * through it, so the catalogue as of any day is read with the same filters, order and pages as
 * today's.
 */
export function inForceOn(day: string, params: SqlParams, alias = 'p'): string {
  const on = `${params.add(day)}::date`;
  return `${alias}.valid_from <= ${on} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${on})`;
}
