import { buildCatalogueSeed } from '../../seeds/build-catalogue';
import type { ProcedureRecord } from '../../src/catalogue/write/catalogue-record';
import type { Sql } from '../../src/db/sql';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { DossierIngestionService } from '../../src/dossiers/dossier-ingestion.service';
import type { DossierInput } from '../../src/dossiers/dossier-input';

/**
 * The tests' builders: one way to make a procedure record, an API key, a dossier and its resolution, so that a test
 * states only what matters to it. Dossiers go to a commune of Đô Lương (17641, under 427) for a
 * procedure the seed has (1.001193), received at 09:00 on `day` and due four days later at 17:00.
 */

/** A dossier as a sender writes it: DossierInput's fields, and whatever else a test sends (an unknown field, a wrong type). */
export type DossierRecord = DossierInput & Record<string, unknown>;
type Changes = Record<string, unknown>;

let seedProcedures: Map<string, ProcedureRecord> | undefined;

/** The seed's record of procedure `code` (as the catalogue writer takes it), with `changes` over it. */
export function procedureRecord(code: string, changes: Partial<ProcedureRecord> = {}): ProcedureRecord {
  seedProcedures ??= new Map(buildCatalogueSeed().procedures.map((p) => [p.code, p]));
  const seeded = seedProcedures.get(code);
  if (!seeded) throw new Error(`the seed has no procedure ${code}`);
  return { ...seeded, ...changes };
}

/** A new API key for `unitCode` and its sub-units, as `npm run apikey:create` makes one. */
export async function apiKey(sql: Sql, unitCode = '427', name = 'test desk'): Promise<string> {
  return (await new ApiKeyService(sql).create(unitCode, name)).key;
}

/** A new catalogue key for one agency's procedures, or the whole catalogue, as `npm run apikey:create -- --catalogue` makes one. */
export async function catalogueKey(sql: Sql, scope: { agencyCode: string } | { province: true }, name = 'test office'): Promise<string> {
  return (await new ApiKeyService(sql).createCatalogueKey(scope, name)).key;
}

/** A pending dossier received on `day` (YYYY-MM-DD, Vietnam time). */
export function dossier(externalCode: string, changes: Changes = {}, day = '2019-05-02'): DossierRecord {
  const at = (offsetDays: number, time: string) => `${addDays(day, offsetDays)}T${time}+07:00`;
  return {
    externalCode,
    unitCode: '17641',
    procedureCode: '1.001193',
    level: 'COMMUNE',
    channel: 'ONLINE',
    status: 4,
    receivedAt: at(0, '09:00:00'),
    dueAt: at(4, '17:00:00'),
    updatedAt: at(0, '09:00:00'),
    ...changes,
  };
}

/** The same dossier resolved and returned `afterDays` days after receipt at 10:00. */
export function resolvedDossier(externalCode: string, changes: Changes = {}, day = '2019-05-02', afterDays = 2): DossierRecord {
  const finished = `${addDays(day, afterDays)}T10:00:00+07:00`;
  return dossier(externalCode, { status: 10, finishedAt: finished, returnedAt: finished, updatedAt: finished, ...changes }, day);
}

/** A pending dossier of `unitCode` received in person on day `day` of March 2019 (which the seed leaves empty). */
export function dossierOn(unitCode: string, externalCode: string, day: number, changes: Changes = {}): DossierRecord {
  return dossier(externalCode, { unitCode, channel: 'IN_PERSON', ...changes }, march(day));
}

/** The same, resolved `afterDays` days after receipt: early, on the due day (4), or late. */
export function resolvedOn(unitCode: string, externalCode: string, day: number, afterDays: number, changes: Changes = {}): DossierRecord {
  return resolvedDossier(externalCode, { unitCode, channel: 'IN_PERSON', ...changes }, march(day), afterDays);
}

const march = (day: number) => `2019-03-${String(day).padStart(2, '0')}`;

/** Stores dossiers as an agency of `unitCode` would, and fails the test if any is not stored. */
export async function ingestAs(sql: Sql, unitCode: string, dossiers: DossierRecord[]): Promise<void> {
  const principal = await new ApiKeyService(sql).authenticate(`Bearer ${await apiKey(sql, unitCode)}`);
  const results = await new DossierIngestionService(sql).ingest(principal, dossiers);
  const failed = results.filter((r) => r.outcome !== 'CREATED' && r.outcome !== 'UPDATED');
  if (failed.length) throw new Error(`not stored: ${JSON.stringify(failed)}`);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
