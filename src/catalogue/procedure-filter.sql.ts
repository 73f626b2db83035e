import type { SqlParams } from '../db/sql-params';
import { badInput } from '../shared/errors';
import type { ProcedureFilter } from './procedure.inputs';

/** Rejects filters that can match nothing by construction, so a client learns of its mistake. */
export function checkProcedureFilter(filter: ProcedureFilter | null | undefined): void {
  if (!filter) return;
  if (filter.isInterconnected === true && filter.isOneStop === false) {
    throw badInput('filter: an inter-connected procedure is always one-stop; isInterconnected: true contradicts isOneStop: false', 'filter');
  }
  if (filter.isFree === false && filter.maxFeeVnd === 0) {
    throw badInput('filter: isFree: false contradicts maxFeeVnd: 0', 'filter');
  }
  if (filter.updatedSince && Number.isNaN(filter.updatedSince.getTime())) throw badInput('filter: updatedSince is not a valid time', 'filter');
}

/**
 * Filters whose share of the catalogue depends on their value down to a handful of procedures (a
 * field, an agency, a fee ceiling): a page with one is planned for its values (see
 * StatementOptions). The others choose among a few values that each hold a large share.
 */
const SELECTIVE: readonly (keyof ProcedureFilter)[] = ['fieldCodes', 'agencyCodes', 'subjects', 'statuses', 'maxFeeVnd', 'maxProcessingDays', 'updatedSince'];

export const isSelective = (filter: ProcedureFilter | null | undefined): boolean => !!filter && SELECTIVE.some((key) => filter[key] != null);

/**
 * SQL conditions on `procedure p` for a filter; every value goes through a parameter.
 * Shared by the list, its count and the summary, so they always agree.
 */
export function procedureFilterConditions(
  filter: ProcedureFilter | null | undefined,
  params: SqlParams,
  omit: readonly (keyof ProcedureFilter)[] = [],
): string[] {
  if (!filter) return [];
  if (omit.length) filter = Object.fromEntries(Object.entries(filter).filter(([key]) => !omit.includes(key as keyof ProcedureFilter)));
  const conditions: string[] = [];
  if (filter.levels) conditions.push(`p.level = ANY(${params.add(filter.levels)}::text[])`);
  if (filter.fieldCodes) {
    conditions.push(`p.field_id IN (SELECT id FROM field WHERE code = ANY(${params.add(filter.fieldCodes)}::text[]))`);
  }
  if (filter.agencyCodes) {
    conditions.push(`p.implementing_agency_id IN (SELECT id FROM agency WHERE code = ANY(${params.add(filter.agencyCodes)}::text[]))`);
  }
  if (filter.isOneStop != null) conditions.push(`p.is_one_stop = ${params.add(filter.isOneStop)}`);
  if (filter.isInterconnected != null) conditions.push(`p.is_interconnected = ${params.add(filter.isInterconnected)}`);
  if (filter.onlineServiceLevels) {
    conditions.push(`p.online_service_level = ANY(${params.add(filter.onlineServiceLevels)}::text[])`);
  }
  if (filter.channels) {
    conditions.push(`EXISTS (SELECT 1 FROM procedure_channel c WHERE c.procedure_id = p.id AND c.channel = ANY(${params.add(filter.channels)}::text[]))`);
  }
  if (filter.isFree != null) conditions.push(`p.is_free = ${params.add(filter.isFree)}`);
  if (filter.maxFeeVnd != null) conditions.push(`p.min_fee_vnd <= ${params.add(filter.maxFeeVnd)}`);
  if (filter.maxProcessingDays != null) conditions.push(`p.min_processing_days <= ${params.add(filter.maxProcessingDays)}`);
  if (filter.subjects) conditions.push(`p.subjects && ${params.add(filter.subjects)}::text[]`);
  if (filter.statuses) conditions.push(`p.status = ANY(${params.add(filter.statuses)}::text[])`);
  if (filter.updatedSince) conditions.push(`p.updated_at >= ${params.add(filter.updatedSince.toISOString())}::timestamptz`);
  return conditions;
}
