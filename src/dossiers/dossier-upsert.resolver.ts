import { Arg, Ctx, Extensions, Mutation, Resolver } from 'type-graphql';
import type { DossiersContext as Context } from './dossiers.context';
import { badInput } from '../shared/errors';
import { noArgumentValidation } from '../graphql/argument-validation';
import { VALIDATES_ITS_RECORDS } from '../graphql/text-arguments';
import type { IngestItemResult } from './dossier-ingestion.service';
import { DossierUpsertInput, DossierUpsertResult } from './dossier-upsert.types';

/** Most dossiers in one mutation; larger loads go to the bulk endpoint (POST /ingest/dossiers). */
const MAX_UPSERT_BATCH = 500;

function summarise(items: IngestItemResult[]): DossierUpsertResult {
  const count = (outcome: IngestItemResult['outcome']) => items.filter((i) => i.outcome === outcome).length;
  return {
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    stale: count('STALE'),
    rejected: count('REJECTED'),
    items,
  } as DossierUpsertResult;
}

@Resolver()
export class DossierUpsertResolver {
  @Mutation(() => DossierUpsertResult, {
    description:
      `Stores up to ${MAX_UPSERT_BATCH} dossiers for the API key's unit and its sub-units (Authorization: Bearer <key>). ` +
      'Idempotent on (unitCode, externalCode); a version not newer than the stored one is ignored (STALE); a bad item is ' +
      'rejected with its reason while the others are stored, together with their statistics, in one transaction.',
  })
  // Validation rejects a dossier with a control character alone (INVALID_VALUE), keeping the rest of the batch.
  @Extensions(VALIDATES_ITS_RECORDS)
  async upsertDossiers(
    @Arg('dossiers', () => [DossierUpsertInput], { validateFn: noArgumentValidation, description: `1 to ${MAX_UPSERT_BATCH} dossiers.` })
    dossiers: DossierUpsertInput[],
    @Ctx() ctx: Context,
  ): Promise<DossierUpsertResult> {
    const principal = await ctx.services.apiKeys.authenticate(ctx.authorization);
    return summarise(await ctx.services.ingestion.ingest(principal, checkBatch(dossiers)));
  }
}

function checkBatch(dossiers: DossierUpsertInput[]): DossierUpsertInput[] {
  if (dossiers.length < 1 || dossiers.length > MAX_UPSERT_BATCH) {
    throw badInput(`dossiers must hold 1 to ${MAX_UPSERT_BATCH} items; send more through POST /ingest/dossiers`, 'dossiers');
  }
  return dossiers;
}
