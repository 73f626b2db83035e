import { OnlineServiceLevel, ProcedureStatus, type Subject } from '../src/catalogue/catalogue.enums';
import {
  UNIT_KINDS,
  type AgencyRecord,
  type FieldRecord,
  type LegalActRecord,
  type LegalDocumentRecord,
  type ProcedureRecord,
  type UnitKind,
  type UnitRecord,
} from '../src/catalogue/write/catalogue-record';
import { publishedFields } from '../src/catalogue/write/content-hash';
import { AdministrativeLevel, LEVELS } from '../src/shared/levels';
import {
  announcementBatch,
  type Announcement,
  buildChannels,
  buildConditions,
  buildDocuments,
  buildSteps,
  pickLegalBasis,
  pickUpdatedAt,
  type ProcedureDraft,
} from './procedure-details';
import { rankOf, rngFor } from './random';
import { deriveResult, expandTemplate, lowerFirst, slugify } from './text';
import { loadVocabulary, type FieldProfile, type LevelTarget, type Vocabulary } from './vocabulary';

/**
 * Builds the seed catalogue of Lạng Sơn (province code 20) as of spring 2025.
 *
 * Real records: the administrative units of three provinces and 62 national procedures with their
 * national codes. The rest of the 1,823 procedures are representative: named from real fields and
 * real naming patterns (seeds/data/procedure-templates.csv), coded `R.000001`… so they can never
 * collide with a national code, flagged `isRepresentative`, and chosen so that the counts by level,
 * one-stop and online-service level equal the published figures (seeds/data/targets.csv).
 *
 * Deterministic: every random choice comes from a generator seeded by a fixed number and the
 * record's own code, and the only input is the CSV files under seeds/data/.
 */
/** The seed catalogue: the records it hands to the catalogue writer, every one of each kind. */
export interface CatalogueSeed {
  units: UnitRecord[];
  fields: FieldRecord[];
  agencies: AgencyRecord[];
  legalDocuments: LegalDocumentRecord[];
  /** The (representative) announcement decisions that put the procedures in force. */
  legalActs: LegalActRecord[];
  procedures: ProcedureRecord[];
}

export function buildCatalogueSeed(): CatalogueSeed {
  const vocab = loadVocabulary();
  const units = buildUnits(vocab);
  const fields = buildFields(vocab);
  const agencies = buildAgencies(vocab, units);
  const legalDocuments = buildLegalDocuments(vocab);
  const { procedures, legalActs } = buildProcedures(vocab, agencies);
  const seed = { units, fields, agencies, legalDocuments, legalActs, procedures };
  assertConsistent(seed, vocab);
  return seed;
}

/** The province whose catalogue this is; agencies exist only for it. */
const PROVINCE_CODE = '20';
const DISTRICT_AGENCY = `${PROVINCE_CODE}.UBND-HUYEN`;
const COMMUNE_AGENCY = `${PROVINCE_CODE}.UBND-XA`;
/** How administrative-units.csv writes a level. */
const UNIT_LEVEL: Record<string, AdministrativeLevel> = {
  '1': AdministrativeLevel.PROVINCE,
  '2': AdministrativeLevel.DISTRICT,
  '3': AdministrativeLevel.COMMUNE,
};
const REPRESENTATIVE_PREFIX = 'R.';

/* ---------------------------------------------------------------------------------------------
 * Units, fields, agencies, legal documents
 * ------------------------------------------------------------------------------------------- */

function buildUnits(vocab: Vocabulary): UnitRecord[] {
  return vocab.units.map((row) => {
    const level = UNIT_LEVEL[row.level];
    if (!level) throw new Error(`administrative-units.csv: unit ${row.code} has level "${row.level}"`);
    if (!(UNIT_KINDS as readonly string[]).includes(row.kind)) {
      throw new Error(`administrative-units.csv: unit ${row.code} has kind "${row.kind}"`);
    }
    return {
      code: row.code,
      name: row.name,
      kind: row.kind as UnitKind,
      level,
      parentCode: row.parentCode === '' ? null : row.parentCode,
    };
  });
}

function buildFields(vocab: Vocabulary): FieldRecord[] {
  const seen = new Map<string, string>();
  return vocab.fields.map((field) => {
    const code = slugify(field.name);
    const clash = seen.get(code);
    if (clash) throw new Error(`fields "${clash}" and "${field.name}" share the code ${code}`);
    seen.set(code, field.name);
    return { code, name: field.name };
  });
}

/**
 * The province's departments, two generic People's Committees (the provincial catalogue names the
 * level that handles a procedure, not a particular district or commune) and one concrete People's
 * Committee per district- and commune-level unit of the province.
 */
function buildAgencies(vocab: Vocabulary, units: UnitRecord[]): AgencyRecord[] {
  const provincial: AgencyRecord[] = vocab.agencies.map((row) => ({
    code: row.code,
    name: row.name,
    level: AdministrativeLevel.PROVINCE,
    unitCode: PROVINCE_CODE,
  }));
  const generic: AgencyRecord[] = [
    { code: DISTRICT_AGENCY, name: 'Ủy ban nhân dân cấp huyện', level: AdministrativeLevel.DISTRICT, unitCode: PROVINCE_CODE },
    { code: COMMUNE_AGENCY, name: 'Ủy ban nhân dân cấp xã', level: AdministrativeLevel.COMMUNE, unitCode: PROVINCE_CODE },
  ];
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const provinceOf = (unit: UnitRecord): string => {
    let current = unit;
    while (current.parentCode !== null) {
      const parent = byCode.get(current.parentCode);
      if (!parent) throw new Error(`unit ${current.code} has unknown parent ${current.parentCode}`);
      current = parent;
    }
    return current.code;
  };
  const committees: AgencyRecord[] = units
    .filter((unit) => unit.level !== AdministrativeLevel.PROVINCE && provinceOf(unit) === PROVINCE_CODE)
    .map((unit) => ({
      code: `UBND.${unit.code}`,
      // "Ủy ban nhân dân huyện Tràng Định": the unit's kind word is lower case inside the name.
      name: `Ủy ban nhân dân ${lowerFirst(unit.name)}`,
      level: unit.level,
      unitCode: unit.code,
    }));
  return [...provincial, ...generic, ...committees];
}

function buildLegalDocuments(vocab: Vocabulary): LegalDocumentRecord[] {
  return vocab.legalDocuments.map((row) => ({ ...row }));
}

/* ---------------------------------------------------------------------------------------------
 * Procedures
 * ------------------------------------------------------------------------------------------- */

/** A procedure before the catalogue-wide flags (one-stop, online level, inter-connection) are set. */
interface Candidate {
  code: string;
  name: string;
  nameEn: string | null;
  level: AdministrativeLevel;
  field: FieldProfile;
  agencyCode: string;
  subjects: Subject[];
  results: string[];
  legalBasis: string[];
  isRepresentative: boolean;
  /** From the template or field: true/false prefers that one-stop value, null is neutral. */
  oneStopHint: boolean | null;
}

function buildProcedures(vocab: Vocabulary, agencies: AgencyRecord[]): { procedures: ProcedureRecord[]; legalActs: LegalActRecord[] } {
  const fieldByName = new Map(vocab.fields.map((field) => [field.name, field]));
  const fieldOf = (name: string, where: string): FieldProfile => {
    const field = fieldByName.get(name);
    if (!field) throw new Error(`${where}: field "${name}" is not in fields.csv`);
    return field;
  };

  const real = realCandidates(vocab, fieldOf);
  const representative = representativeCandidates(vocab, real, fieldOf);
  const candidates = [...real, ...representative];

  const agencyName = new Map(agencies.map((agency) => [agency.code, agency.name]));
  const drafts: ProcedureDraft[] = [];
  for (const level of LEVELS) {
    const target = targetFor(vocab, level);
    const atLevel = candidates.filter((candidate) => candidate.level === level);
    if (atLevel.length !== target.procedures) {
      throw new Error(`${level}: ${atLevel.length} procedures built, target is ${target.procedures}`);
    }
    const oneStop = assignOneStop(atLevel, target, vocab);
    const online = assignOnlineLevels(atLevel, oneStop, target, vocab);
    const interconnected = assignInterconnected(atLevel, oneStop, target, vocab);
    for (const candidate of atLevel) {
      const name = agencyName.get(candidate.agencyCode);
      if (!name) throw new Error(`procedure ${candidate.code}: unknown agency ${candidate.agencyCode}`);
      drafts.push({
        ...candidate,
        agencyName: name,
        isOneStop: oneStop.get(candidate.code) ?? false,
        isInterconnected: interconnected.has(candidate.code),
        onlineServiceLevel: online.get(candidate.code) ?? OnlineServiceLevel.PARTIAL,
        real: candidate.isRepresentative ? null : (vocab.realDetails.get(candidate.code) ?? null),
      });
    }
  }

  const batches = new Map<string, Announcement>();
  const fieldCodes = new Map(vocab.fields.map((field) => [field.name, slugify(field.name)]));
  const procedures = drafts.map((draft) => toProcedureRecord(draft, vocab, batches, fieldCodes));
  return { procedures, legalActs: [...batches.values()].map((batch) => batch.act) };
}

/** The 62 real national procedures, with what real-procedure-details.csv knows about them. */
function realCandidates(vocab: Vocabulary, fieldOf: (name: string, where: string) => FieldProfile): Candidate[] {
  return vocab.realProcedures.map((row) => {
    const field = fieldOf(row.field, `real procedure ${row.code}`);
    const details = vocab.realDetails.get(row.code);
    const results = details?.results.length ? details.results : [deriveResult(row.nameVi) ?? `Kết quả giải quyết thủ tục ${lowerFirst(row.nameVi)}`];
    return {
      code: row.code,
      name: row.nameVi,
      nameEn: row.nameEn === '' ? null : row.nameEn,
      level: row.level,
      field,
      agencyCode: agencyFor(row.level, field, null),
      subjects: details?.subjects.length ? details.subjects : field.subjects,
      results,
      legalBasis: details?.legalBasis ?? [],
      isRepresentative: false,
      oneStopHint: details?.oneStop ?? null,
    };
  });
}

/** Province-level procedures go to the fitting department; lower levels to the generic committee. */
function agencyFor(level: AdministrativeLevel, field: FieldProfile, templateAgency: string | null): string {
  if (level === AdministrativeLevel.DISTRICT) return DISTRICT_AGENCY;
  if (level === AdministrativeLevel.COMMUNE) return COMMUNE_AGENCY;
  return templateAgency ?? field.agency;
}

/**
 * Expands the name templates into candidate names, drops any name that is the same name as a real
 * procedure or an earlier candidate (compared by slug, so case, accents and punctuation do not make
 * a new name), then takes from each field a share of its candidates so that every level reaches its
 * target. Fields keep their template order, so a field that loses names loses the last ones.
 */
function representativeCandidates(vocab: Vocabulary, real: Candidate[], fieldOf: (name: string, where: string) => FieldProfile): Candidate[] {
  const taken = new Set(real.map((candidate) => slugify(candidate.name)));
  const chosen: Omit<Candidate, 'code'>[] = [];

  for (const level of LEVELS) {
    const need = targetFor(vocab, level).procedures - real.filter((candidate) => candidate.level === level).length;
    const byField = new Map<string, Omit<Candidate, 'code'>[]>();
    for (const template of vocab.templates.filter((item) => item.level === level)) {
      const where = `procedure-templates.csv row ${template.row}`;
      const field = fieldOf(template.field, where);
      for (const name of expandTemplate(template.template)) {
        const key = slugify(name);
        if (taken.has(key)) continue;
        taken.add(key);
        const result = template.result.length ? template.result : [deriveResult(name)];
        if (result.some((item) => item === null)) throw new Error(`${where}: no result rule fits "${name}"`);
        const list = byField.get(field.name) ?? [];
        list.push({
          name,
          nameEn: null,
          level,
          field,
          agencyCode: agencyFor(level, field, template.agency),
          subjects: template.subjects.length ? template.subjects : field.subjects,
          results: result as string[],
          legalBasis: template.legalBasis,
          isRepresentative: true,
          oneStopHint: template.oneStop ?? (field.oneStop ? null : false),
        });
        byField.set(field.name, list);
      }
    }
    const quotas = proportionalQuotas(
      vocab.fields.map((field) => byField.get(field.name)?.length ?? 0),
      need,
      level,
    );
    vocab.fields.forEach((field, index) => {
      chosen.push(...(byField.get(field.name) ?? []).slice(0, quotas[index]));
    });
  }

  return chosen.map((candidate, index) => ({
    ...candidate,
    code: `${REPRESENTATIVE_PREFIX}${String(index + 1).padStart(6, '0')}`,
  }));
}

/**
 * Splits `need` over pools in proportion to their sizes (largest remainder, ties to the earlier
 * pool), never more than a pool holds.
 */
function proportionalQuotas(pools: number[], need: number, level: AdministrativeLevel): number[] {
  const total = pools.reduce((sum, size) => sum + size, 0);
  if (need < 0) throw new Error(`${level}: more real procedures than the target`);
  if (total < need) throw new Error(`${level}: only ${total} representative names for ${need} procedures`);
  if (total === 0) return pools.map(() => 0);
  const exact = pools.map((size) => (need * size) / total);
  const quotas = exact.map(Math.floor);
  let left = need - quotas.reduce((sum, quota) => sum + quota, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    if (quotas[index] < pools[index]) {
      quotas[index] += 1;
      left -= 1;
    }
  }
  return quotas;
}

function targetFor(vocab: Vocabulary, level: AdministrativeLevel): LevelTarget {
  const target = vocab.targets.find((item) => item.level === level);
  if (!target) throw new Error(`targets.csv has no row for ${level}`);
  return target;
}

/**
 * One-stop flags hitting the level's target exactly. Real procedures keep what is known of them;
 * among representative ones the non-one-stop places go first to those whose template or field
 * says so (complaints, awards, appraisals between agencies), then by a stable random rank.
 */
function assignOneStop(atLevel: Candidate[], target: LevelTarget, vocab: Vocabulary): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  const open: Candidate[] = [];
  for (const candidate of atLevel) {
    const known = candidate.isRepresentative ? null : vocab.realDetails.get(candidate.code)?.oneStop;
    if (known === undefined || known === null) open.push(candidate);
    else flags.set(candidate.code, known);
  }
  const fixedYes = [...flags.values()].filter(Boolean).length;
  const yes = target.oneStop - fixedYes;
  const no = open.length - yes;
  if (yes < 0 || no < 0) throw new Error(`${target.level}: cannot reach ${target.oneStop} one-stop procedures`);
  const preference = (hint: boolean | null) => (hint === false ? 0 : hint === null ? 1 : 2);
  const ranked = sortByKey(open, (c) => preference(c.oneStopHint) + rankOf(c.code, 'one-stop'));
  ranked.forEach((candidate, index) => flags.set(candidate.code, index >= no));
  return flags;
}

/** Sorts by a key computed once per item (keys are hashes, too costly to recompute per comparison). */
function sortByKey<T>(items: readonly T[], keyOf: (item: T) => number): T[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

/** Verbs of simple, document-light requests that provinces put fully online first. */
const SIMPLE_REQUEST = /^(Cấp lại|Cấp đổi|Cấp bản sao|Gia hạn|Đăng ký|Xác nhận|Thông báo|Cung cấp)/;

/**
 * Online-service levels hitting the level's split exactly. NONE goes first to procedures outside
 * the one-stop desk; FULL favours simple requests inside it; the rest are PARTIAL.
 */
function assignOnlineLevels(atLevel: Candidate[], oneStop: Map<string, boolean>, target: LevelTarget, vocab: Vocabulary): Map<string, OnlineServiceLevel> {
  const levels = new Map<string, OnlineServiceLevel>();
  const open: Candidate[] = [];
  for (const candidate of atLevel) {
    const known = candidate.isRepresentative ? null : vocab.realDetails.get(candidate.code)?.online;
    if (known) levels.set(candidate.code, known);
    else open.push(candidate);
  }
  const fixed = (level: OnlineServiceLevel) => [...levels.values()].filter((item) => item === level).length;
  const needNone = target.online.NONE - fixed(OnlineServiceLevel.NONE);
  const needFull = target.online.FULL - fixed(OnlineServiceLevel.FULL);
  const needPartial = target.online.PARTIAL - fixed(OnlineServiceLevel.PARTIAL);
  if (needNone < 0 || needFull < 0 || needPartial < 0 || needNone + needFull + needPartial !== open.length) {
    throw new Error(`${target.level}: cannot reach the online split ${JSON.stringify(target.online)}`);
  }

  const byNone = sortByKey(open, (c) => (oneStop.get(c.code) ? 1 : 0) + rankOf(c.code, 'online-none'));
  byNone.slice(0, needNone).forEach((candidate) => levels.set(candidate.code, OnlineServiceLevel.NONE));

  const byFull = sortByKey(
    byNone.slice(needNone),
    (c) => rankOf(c.code, 'online-full') - (SIMPLE_REQUEST.test(c.name) ? 0.35 : 0) + (oneStop.get(c.code) ? 0 : 0.5),
  );
  byFull.forEach((candidate, index) => levels.set(candidate.code, index < needFull ? OnlineServiceLevel.FULL : OnlineServiceLevel.PARTIAL));
  return levels;
}

/** Inter-connected one-stop: only one-stop procedures; real ones as known, others by stable rank. */
function assignInterconnected(atLevel: Candidate[], oneStop: Map<string, boolean>, target: LevelTarget, vocab: Vocabulary): Set<string> {
  const chosen = new Set<string>();
  for (const candidate of atLevel) {
    if (!candidate.isRepresentative && vocab.realDetails.get(candidate.code)?.interconnected) {
      if (!oneStop.get(candidate.code)) throw new Error(`${candidate.code}: inter-connected but not one-stop`);
      chosen.add(candidate.code);
    }
  }
  const need = target.interconnected - chosen.size;
  const pool = sortByKey(
    atLevel.filter((candidate) => candidate.isRepresentative && oneStop.get(candidate.code)),
    (candidate) => rankOf(candidate.code, 'interconnected'),
  );
  if (need < 0 || need > pool.length) {
    throw new Error(`${target.level}: cannot reach ${target.interconnected} inter-connected procedures`);
  }
  pool.slice(0, need).forEach((candidate) => chosen.add(candidate.code));
  return chosen;
}

/**
 * The fields of a record the seed generated rather than took from its data files: all of them for
 * a representative procedure; for a real one, those real-procedures.csv,
 * real-procedure-details.csv and real-procedure-documents.csv do not give. (The agency is the
 * seed's choice of department; status, dates, conditions, steps and the announcement decision are
 * generated for every procedure.)
 */
function generatedFields(draft: ProcedureDraft, vocab: Vocabulary, record: ProcedureRecord): string[] {
  const fields = publishedFields(record).filter((field) => field !== 'isRepresentative' && field !== 'representativeFields');
  if (draft.isRepresentative) return fields;
  const real = draft.real;
  const known = new Set(['name', 'nameEn', 'level', 'field']);
  if (real?.oneStop != null) known.add('isOneStop');
  if (real?.interconnected != null) known.add('isInterconnected');
  if (real?.online != null) known.add('onlineServiceLevel');
  if (real?.subjects.length) known.add('subjects');
  if (real?.results.length) known.add('results');
  if (real?.legalBasis.length) known.add('legalBasis');
  if (real?.time && real.fee) known.add('channels');
  if (vocab.realDocuments.some((document) => document.code === draft.code)) known.add('requiredDocuments');
  return fields.filter((field) => !known.has(field));
}

/** Number of announcement decisions a field gets per level over the snapshot period. */
const BATCHES_PER_FIELD = 3;

function toProcedureRecord(draft: ProcedureDraft, vocab: Vocabulary, batches: Map<string, Announcement>, fieldCodes: Map<string, string>): ProcedureRecord {
  const rng = rngFor(draft.code, 'details');
  const batchIndex = rng.int(0, BATCHES_PER_FIELD - 1);
  const batchKey = `${draft.field.name}|${draft.level}|${batchIndex}`;
  let batch = batches.get(batchKey);
  if (!batch) {
    batch = announcementBatch(rngFor('announcement', batchKey), draft.field.name, draft.level, new Set([...batches.values()].map((b) => b.act.number)));
    batches.set(batchKey, batch);
  }
  const legalBasis = draft.legalBasis.length ? draft.legalBasis.slice(0, 3) : pickLegalBasis(draft.field, rng);
  const channels = buildChannels(draft, vocab, rng);
  const record: ProcedureRecord = {
    code: draft.code,
    name: draft.name,
    nameEn: draft.nameEn,
    level: draft.level,
    fieldCode: fieldCodes.get(draft.field.name) ?? slugify(draft.field.name),
    agencyCode: draft.agencyCode,
    status: ProcedureStatus.PUBLIC,
    effectiveFrom: batch.effectiveFrom,
    effectiveTo: null,
    updatedAt: pickUpdatedAt(batch.effectiveFrom, rng),
    isOneStop: draft.isOneStop,
    isInterconnected: draft.isInterconnected,
    onlineServiceLevel: draft.onlineServiceLevel,
    subjects: [...draft.subjects],
    conditions: buildConditions(draft, rng),
    results: [...draft.results],
    announcementDecision: batch.decision,
    isRepresentative: draft.isRepresentative,
    legalBasis,
    steps: buildSteps(draft, channels, vocab, rng),
    channels,
    documents: buildDocuments(draft, vocab, rng),
    representativeFields: [],
    // In force from its effectiveFrom (the decision's date), as a new procedure is.
    enactedBy: { legalAct: batch.act.number },
  };
  record.representativeFields = generatedFields(draft, vocab, record);
  return record;
}

/* ---------------------------------------------------------------------------------------------
 * Self-check: a broken data file should fail here, not in the loader or the API.
 * ------------------------------------------------------------------------------------------- */

function assertConsistent(seed: CatalogueSeed, vocab: Vocabulary): void {
  const unique = (what: string, values: string[]) => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) throw new Error(`duplicate ${what}: ${value}`);
      seen.add(value);
    }
    return seen;
  };
  const unitCodes = unique(
    'unit code',
    seed.units.map((unit) => unit.code),
  );
  const fieldCodes = unique(
    'field code',
    seed.fields.map((field) => field.code),
  );
  const agencyCodes = unique(
    'agency code',
    seed.agencies.map((agency) => agency.code),
  );
  const documents = unique(
    'legal document number',
    seed.legalDocuments.map((doc) => doc.number),
  );
  unique(
    'procedure code',
    seed.procedures.map((procedure) => procedure.code),
  );
  unique(
    'procedure name',
    seed.procedures.map((procedure) => slugify(procedure.name)),
  );

  for (const unit of seed.units) {
    if (unit.parentCode !== null && !unitCodes.has(unit.parentCode)) {
      throw new Error(`unit ${unit.code}: unknown parent ${unit.parentCode}`);
    }
  }
  for (const agency of seed.agencies) {
    if (!unitCodes.has(agency.unitCode)) throw new Error(`agency ${agency.code}: unknown unit ${agency.unitCode}`);
  }
  for (const field of vocab.fields) {
    if (!agencyCodes.has(field.agency)) throw new Error(`field ${field.name}: unknown agency ${field.agency}`);
    for (const number of field.legalBasis) {
      if (!documents.has(number)) throw new Error(`field ${field.name}: unknown legal document ${number}`);
    }
  }
  for (const procedure of seed.procedures) {
    const where = `procedure ${procedure.code}`;
    if (!fieldCodes.has(procedure.fieldCode)) throw new Error(`${where}: unknown field ${procedure.fieldCode}`);
    if (!agencyCodes.has(procedure.agencyCode)) throw new Error(`${where}: unknown agency ${procedure.agencyCode}`);
    for (const number of procedure.legalBasis) {
      if (!documents.has(number)) throw new Error(`${where}: unknown legal document ${number}`);
    }
    if (procedure.isRepresentative !== procedure.code.startsWith(REPRESENTATIVE_PREFIX)) {
      throw new Error(`${where}: representative flag does not match its code`);
    }
  }
}
