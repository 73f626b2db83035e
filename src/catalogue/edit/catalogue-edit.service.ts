import type { ClientBase } from 'pg';
import type { Sql } from '../../db/sql';
import type { CataloguePrincipal } from '../../dossiers/api-key.service';
import { systemClock, vietnamDay, type Clock } from '../../shared/clock';
import { AppError } from '../../shared/errors';
import { AdministrativeLevel } from '../../shared/levels';
import { OnlineServiceLevel, ProcedureStatus } from '../catalogue.enums';
import { checkCode } from '../procedure.service';
import type { ChangeKind } from '../history/change-kind';
import { LAST_STORED_SQL, toStoredRecord, type StoredRecord } from '../stored-record.sql';
import type { ChangeAuthor, LegalActRecord, ProcedureRecord } from '../write/catalogue-record';
import { lockCatalogueWrites, writeCatalogue } from '../write/catalogue-writer';
import { sameContent } from '../write/content-hash';
import { latestVersions, type LatestVersion } from '../write/procedure-records.sql';
import { applyPatch, EDIT_LIMITS, isoDay, PROCEDURE_CODE, type EditProblem, type Reference } from './procedure-edit.checks';
import type { LegalActInput, ProcedureInput, ProcedurePatch } from './procedure-edit.inputs';

export type EditOutcome = 'CHANGED' | 'UNCHANGED' | 'REJECTED' | 'CONFLICT';

/** What an edit did. Nothing was written unless the outcome is CHANGED. */
export interface EditResult {
  outcome: EditOutcome;
  code: string;
  /** The procedure's latest version after the edit (its current one for UNCHANGED, REJECTED and CONFLICT); null when it has none. */
  version: number | null;
  /** The change recorded, for CHANGED. */
  kind: ChangeKind | null;
  validFrom: string | null;
  changedFields: string[];
  problems: EditProblem[];
}

/** What makes an edit: the legal act (optional) and the first day it is in force (default today). */
export interface Enacting {
  legalAct: LegalActInput | null;
  effectiveFrom?: Date | null;
}

type Action = 'create' | 'update' | 'abolish' | 'remove' | 'restore';
/** Only the province's office creates, removes and restores procedures; an agency updates and abolishes its own. */
const PROVINCE_ONLY: readonly Action[] = ['create', 'remove', 'restore'];

/** What an action makes of the procedure as it stands: a new record, a removal, or nothing (with problems). */
type Plan = { record: ProcedureRecord } | { removal: true } | { rejected: true };

interface Current {
  latest: LatestVersion | undefined;
  stored: StoredRecord | undefined;
}

/**
 * Agencies' edits of the catalogue (the GraphQL mutations), each through the catalogue writer in
 * one transaction that holds the writer's lock from the version check to the write, so a stale
 * `expectedVersion` is seen (CONFLICT) and nothing comes between. Every value is checked and every
 * problem answered with its path (REJECTED, nothing written).
 */
export class CatalogueEditService {
  /** `sql`: the catalogue role's pool. */
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  create(principal: CataloguePrincipal, input: ProcedureInput, enacting: Enacting): Promise<EditResult> {
    return this.edit(principal, 'create', input.code.trim(), null, enacting, (_current, problems, references) => {
      if (!PROCEDURE_CODE.test(input.code.trim())) {
        problems.push({
          field: 'input.code',
          code: 'INVALID_VALUE',
          message: 'letters, digits, ".", "-" and "_", at most 32, starting with a letter or digit',
        });
      }
      const { code: _code, ...patch } = input;
      for (const key of ['name', 'level', 'field', 'implementingAgency', 'effectiveFrom'] as const) {
        if (patch[key] === undefined || patch[key] === null) problems.push({ field: `input.${key}`, code: 'REQUIRED', message: 'a new procedure needs it' });
      }
      return { record: applyPatch(blankRecord(input.code.trim()), patch, 'input', problems, references) };
    });
  }

  update(principal: CataloguePrincipal, code: string, expectedVersion: number, patch: ProcedurePatch, enacting: Enacting): Promise<EditResult> {
    return this.edit(principal, 'update', code, expectedVersion, enacting, ({ stored }, problems, references) => ({
      record: applyPatch(stored!.record, patch, 'patch', problems, references),
    }));
  }

  abolish(principal: CataloguePrincipal, code: string, expectedVersion: number, enacting: Enacting): Promise<EditResult> {
    return this.edit(principal, 'abolish', code, expectedVersion, enacting, ({ stored }, problems) => {
      if (stored!.record.status === ProcedureStatus.ABOLISHED) {
        problems.push({ field: 'code', code: 'ABOLISHED', message: `procedure ${code} is abolished already` });
        return { rejected: true };
      }
      return { record: { ...stored!.record, status: ProcedureStatus.ABOLISHED, effectiveTo: this.dayOf(enacting) } };
    });
  }

  remove(principal: CataloguePrincipal, code: string, expectedVersion: number, enacting: Enacting): Promise<EditResult> {
    return this.edit(principal, 'remove', code, expectedVersion, enacting, () => ({ removal: true }));
  }

  restore(principal: CataloguePrincipal, code: string, expectedVersion: number, patch: ProcedurePatch | null, enacting: Enacting): Promise<EditResult> {
    return this.edit(principal, 'restore', code, expectedVersion, enacting, ({ stored }, problems, references) => ({
      record: applyPatch(stored!.record, patch ?? {}, 'patch', problems, references),
    }));
  }

  private dayOf(enacting: Enacting): string {
    return enacting.effectiveFrom ? isoDay(enacting.effectiveFrom) : vietnamDay(this.clock());
  }

  private edit(
    principal: CataloguePrincipal,
    action: Action,
    code: string,
    expectedVersion: number | null,
    enacting: Enacting,
    plan: (current: Current, problems: EditProblem[], references: Reference[]) => Plan,
  ): Promise<EditResult> {
    if (action !== 'create') checkCode(code);
    if (PROVINCE_ONLY.includes(action) && principal.agencyCode !== null) {
      return Promise.reject(new AppError('FORBIDDEN', `an agency key may update and abolish its agency's procedures; only a province key may ${action} one`));
    }
    return this.sql.transaction(async (db) => {
      await lockCatalogueWrites(db);
      const latest = (await latestVersions(db, [code])).get(code);
      const answer = (outcome: EditOutcome, problems: EditProblem[] = []): EditResult => ({
        outcome,
        code,
        version: latest?.version ?? null,
        kind: null,
        validFrom: null,
        changedFields: [],
        problems,
      });
      if (action === 'create' && latest) {
        const hint = latest.kind === 'REMOVED' ? '; it was removed: restore it (restoreProcedure)' : '';
        return answer('REJECTED', [{ field: 'input.code', code: 'DUPLICATE', message: `procedure ${code} exists (version ${latest.version})${hint}` }]);
      }
      if (action !== 'create') {
        if (!latest) throw new AppError('NOT_FOUND', `no procedure has code ${code}`);
        if (latest.version !== expectedVersion) {
          return answer('CONFLICT', [
            {
              field: 'expectedVersion',
              code: 'CONFLICT',
              message: `procedure ${code} is at version ${latest.version}, not ${expectedVersion}: read it again and redo the edit`,
            },
          ]);
        }
        const removed = latest.kind === 'REMOVED';
        if (removed !== (action === 'restore')) {
          return answer('REJECTED', [
            removed
              ? { field: 'code', code: 'REMOVED', message: `procedure ${code} was removed: restore it first (restoreProcedure)` }
              : { field: 'code', code: 'NOT_REMOVED', message: `procedure ${code} is not removed: there is nothing to restore` },
          ]);
        }
      }
      const stored = action === 'create' ? undefined : toStoredRecord((await db.query<StoredRecord>(LAST_STORED_SQL, [[code]])).rows[0]);
      const problems: EditProblem[] = [];
      const references: Reference[] = [];
      const planned = plan({ latest, stored }, problems, references);
      assertAllowed(principal, stored?.record ?? null, 'record' in planned ? planned.record : null);

      const validFrom = action === 'create' && 'record' in planned && !enacting.effectiveFrom ? planned.record.effectiveFrom : this.dayOf(enacting);
      if (latest && validFrom < latest.validFrom) {
        problems.push({
          field: 'effectiveFrom',
          code: 'TOO_EARLY',
          message: `must not be before the procedure's latest change (version ${latest.version}, in force from ${latest.validFrom})`,
        });
      }
      const act = await legalActOf(db, enacting.legalAct, problems);
      problems.push(...(await unknownReferences(db, references)));
      if (problems.length > 0 || 'rejected' in planned) return answer('REJECTED', problems);
      if ('record' in planned && stored && latest?.kind !== 'REMOVED' && sameContent(stored.record, planned.record)) return answer('UNCHANGED');

      const author: ChangeAuthor = { origin: 'EDIT', name: principal.name, keyId: principal.keyId, agencyCode: principal.agencyCode };
      const record = 'record' in planned ? { ...planned.record, updatedAt: this.clock().toISOString() } : null;
      await writeCatalogue(
        db,
        {
          legalActs: act.created ? [act.created] : [],
          enactedBy: { legalAct: act.number, validFrom },
          procedures: record ? [record] : [],
          removing: record ? [] : [code],
          author,
        },
        vietnamDay(this.clock()),
      );
      const { rows } = await db.query<{ version: number; kind: ChangeKind; validFrom: string; changedFields: string[] }>(
        `SELECT version, kind, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", changed_fields AS "changedFields"
           FROM procedure_change WHERE procedure_code = $1 ORDER BY version DESC LIMIT 1`,
        [code],
      );
      return { ...answer('CHANGED'), ...rows[0] };
    });
  }
}

/** An agency key changes its own agency's procedures and keeps them its own. */
function assertAllowed(principal: CataloguePrincipal, before: ProcedureRecord | null, after: ProcedureRecord | null): void {
  const agency = principal.agencyCode;
  if (agency === null) return;
  if (before && before.agencyCode !== agency) {
    throw new AppError(
      'FORBIDDEN',
      `procedure ${before.code} is implemented by agency ${before.agencyCode}; this key may change agency ${agency}'s procedures only`,
    );
  }
  if (after && after.agencyCode !== agency) {
    throw new AppError('FORBIDDEN', `this key may not give a procedure to another agency (${after.agencyCode}); ask the province's office`);
  }
}

/** The act cited: one the catalogue holds (by its number; other fields, when given, must agree) or a new one (title and issuer needed). */
async function legalActOf(
  db: ClientBase,
  input: LegalActInput | null,
  problems: EditProblem[],
): Promise<{ number: string | null; created: LegalActRecord | null }> {
  if (!input) return { number: null, created: null };
  const number = input.number.trim();
  const given: EditProblem[] = [];
  if (number === '' || number.length > 100) given.push({ field: 'legalAct.number', code: 'INVALID_VALUE', message: 'a number of 1 to 100 characters' });
  for (const key of ['title', 'issuer'] as const) {
    const value = input[key];
    if (value && value.length > EDIT_LIMITS.name) given.push({ field: `legalAct.${key}`, code: 'TOO_LONG', message: `at most ${EDIT_LIMITS.name} characters` });
  }
  if (given.length) {
    problems.push(...given);
    return { number: null, created: null };
  }
  const { rows } = await db.query<{ title: string; issuer: string; issuedOn: string | null }>(
    `SELECT title, issuer, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn" FROM legal_act WHERE number = $1`,
    [number],
  );
  const issuedOn = input.issuedOn ? isoDay(input.issuedOn) : null;
  const held = rows[0];
  if (held) {
    const differs: string[] = (['title', 'issuer'] as const).filter((key) => input[key] && input[key].trim() !== held[key]);
    if (issuedOn && issuedOn !== held.issuedOn) differs.push('issuedOn');
    for (const key of differs) {
      problems.push({
        field: `legalAct.${key}`,
        code: 'INVALID_VALUE',
        message: `act ${number} is in the catalogue with another ${key}; cite it by its number alone`,
      });
    }
    return { number, created: null };
  }
  if (!input.title?.trim() || !input.issuer?.trim()) {
    problems.push({ field: 'legalAct', code: 'REQUIRED', message: `act ${number} is not in the catalogue: give its title and issuer` });
    return { number: null, created: null };
  }
  return { number, created: { number, title: input.title.trim(), issuer: input.issuer.trim(), issuedOn, isRepresentative: false } };
}

const REFERENCE_TABLES = { field: ['field', 'code'], agency: ['agency', 'code'], legalDocument: ['legal_document', 'number'] } as const;
const REFERENCE_NOUNS = { field: 'field', agency: 'agency', legalDocument: 'legal document' } as const;

/** The references the catalogue does not hold, as problems at their paths. */
async function unknownReferences(db: ClientBase, references: Reference[]): Promise<EditProblem[]> {
  const problems: EditProblem[] = [];
  for (const kind of Object.keys(REFERENCE_TABLES) as Reference['kind'][]) {
    const uses = references.filter((r) => r.kind === kind);
    if (uses.length === 0) continue;
    const [table, column] = REFERENCE_TABLES[kind];
    const { rows } = await db.query<{ code: string }>(`SELECT ${column} AS code FROM ${table} WHERE ${column} = ANY($1::text[])`, [uses.map((u) => u.code)]);
    const known = new Set(rows.map((row) => row.code));
    for (const use of uses) {
      if (!known.has(use.code)) problems.push({ field: use.field, code: 'UNKNOWN_REFERENCE', message: `no ${REFERENCE_NOUNS[kind]} has code "${use.code}"` });
    }
  }
  return problems;
}

/** A new procedure before its input is applied: public, no flags, not representative. */
function blankRecord(code: string): ProcedureRecord {
  return {
    code,
    name: '',
    nameEn: null,
    level: AdministrativeLevel.PROVINCE,
    fieldCode: '',
    agencyCode: '',
    status: ProcedureStatus.PUBLIC,
    effectiveFrom: '',
    effectiveTo: null,
    updatedAt: '',
    isOneStop: false,
    isInterconnected: false,
    onlineServiceLevel: OnlineServiceLevel.NONE,
    subjects: [],
    conditions: null,
    results: [],
    announcementDecision: null,
    isRepresentative: false,
    representativeFields: [],
    legalBasis: [],
    steps: [],
    channels: [],
    documents: [],
  };
}
