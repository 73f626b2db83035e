import type { Sql } from '../../src/db/sql';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { DossierIngestionService } from '../../src/dossiers/dossier-ingestion.service';
import type { DossierInput } from '../../src/dossiers/dossier-input';

/** Stores dossiers as an agency of `unitCode` would, and fails the test if any is not stored. */
export async function ingestAs(sql: Sql, unitCode: string, dossiers: DossierInput[]): Promise<void> {
  const { key } = await new ApiKeyService(sql).create(unitCode, 'test desk');
  const principal = await new ApiKeyService(sql).authenticate(`Bearer ${key}`);
  const results = await new DossierIngestionService(sql).ingest(principal, dossiers);
  const failed = results.filter((r) => r.outcome !== 'CREATED' && r.outcome !== 'UPDATED');
  if (failed.length) throw new Error(`not stored: ${JSON.stringify(failed)}`);
}

/** A dossier received on `day` (2019, which the seed leaves empty) at 09:00, due four days later at 17:00. */
export function dossierOn(unitCode: string, externalCode: string, day: number, changes: Partial<DossierInput> = {}): DossierInput {
  const at = (d: number, time: string) => `2019-03-${String(d).padStart(2, '0')}T${time}+07:00`;
  return {
    externalCode, unitCode, procedureCode: '1.001193', level: 'COMMUNE', channel: 'IN_PERSON', status: 4,
    receivedAt: at(day, '09:00'), dueAt: at(day + 4, '17:00'), updatedAt: at(day, '09:00'), ...changes,
  };
}

/** The same dossier resolved `afterDays` days after receipt at 10:00: early, on the due day, or late. */
export function resolvedOn(unitCode: string, externalCode: string, day: number, afterDays: number, changes: Partial<DossierInput> = {}): DossierInput {
  const finished = `2019-03-${String(day + afterDays).padStart(2, '0')}T10:00:00+07:00`;
  return dossierOn(unitCode, externalCode, day, { status: 10, finishedAt: finished, returnedAt: finished, updatedAt: finished, ...changes });
}
