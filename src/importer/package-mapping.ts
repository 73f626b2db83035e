import { LEVELS, type AdministrativeLevel } from '../shared/levels';
import { Subject } from '../catalogue/catalogue.enums';
import type { ChannelRecord, DocumentRecord, LegalDocumentRecord, StepRecord } from '../catalogue/write/catalogue-record';
import { mapChannels } from './package-channels';
import { Entry, NAME_MAX, Reader, TEXT_MAX, isObject, type PackageProblem } from './package-fields';
import { isNone, parseCount, parseDate, parseHttpUrl, parseLevel, quote, slugOf, subjectsIn } from './package-values';

export type { PackageProblem } from './package-fields';
export { MAX_FEE_VND } from './package-values';

/**
 * One package of the national procedure database (see NATIONAL-PACKAGE.md), normalised: what
 * the province takes from it. It has no local values (one-stop flags, online-service level): the
 * import merges it with the local record, which keeps them.
 */
export interface NationalProcedure {
  /** MATTHC, e.g. `1.001193`: a letter or digit, then up to 31 letters, digits, `.`, `-` or `_`. */
  code: string;
  /** TENTTHC, at most 500 characters. */
  name: string;
  /** Every level of ours the package lists (CAPTHUCHIEN values 1 province, 2 district, 3 commune), from the top, without duplicates; 0 (ministry) is dropped. */
  levels: AdministrativeLevel[];
  /** true when TRANGTHAI is "1" (public); any other value, or absent, is false. */
  isPublic: boolean;
  /** TRANGTHAI as sent (for the report), null when absent. */
  status: string | null;
  /** The first LINHVUCTHUCHIEN item: its code as sent (MALINHVUC) and name (TENLINHVUC); the slug is the seed's (`Hộ tịch` → `ho-tich`). null when the list is absent or empty. */
  field: { nationalCode: string | null; name: string; slug: string } | null;
  /** The first COQUANTHUCHIEN item ({MADONVI, TENDONVI}); null when none, or when it has neither. */
  agency: { nationalCode: string | null; name: string | null } | null;
  /** Named by DOITUONGTHUCHIEN[].TENDOITUONG or MOTADOITUONGTHUCHIEN (keywords, see subjectsIn), in the enum's order. */
  subjects: Subject[];
  /** YEUCAU; null when empty or `Không`. */
  conditions: string | null;
  /** KETQUATHUCHIEN[].TENKETQUA, the non-empty ones. */
  results: string[];
  /** QUYETDINH (free text, at most 500 characters); null when empty. */
  announcementDecision: string | null;
  /** TTHCLIENTHONG is a non-empty list. */
  isInterconnected: boolean;
  /** CANCUPHAPLY: SOVANBAN, TENVANBAN, COQUANBANHANH ('' when absent), NGAYBANHANH; the first of a number given twice. */
  legalDocuments: LegalDocumentRecord[];
  /** TRINHTUTHUCHIEN[].TRINHTU[].TENTRINHTU in order, empty ones skipped; the case is TRUONGHOP (null when empty). */
  steps: StepRecord[];
  /** CACHTHUCTHUCHIEN by KENH, a channel listed twice merged, in the order in person, online, post (see mapChannels). */
  channels: ChannelRecord[];
  /** THANHPHANHOSO[].GIAYTO[], all required, the case being TRUONGHOP (null when empty). */
  documents: DocumentRecord[];
}

/** A package read, or every problem found in it (up to 20) with its MATTHC when that is a valid code. */
export type MappedPackage = { ok: true; procedure: NationalProcedure } | { ok: false; code: string | null; problems: PackageProblem[] };

/** Legal document numbers, issuers and field names: the lengths of their columns. */
const NUMBER_MAX = 60;
const ISSUER_MAX = 200;
const CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,31}$/;
const SUBJECT_ORDER = Object.values(Subject);

/**
 * Maps one package (`index` is its position in the input: paths start with `[index]`). The
 * rules, value by value, are in the doc comments of NationalProcedure and of package-values.ts.
 * Every problem is reported (up to 20), not only the first, so that one round of corrections
 * upstream is enough.
 */
export function mapPackage(raw: Record<string, unknown>, index: number): MappedPackage {
  const root = `[${index}]`;
  if (!isObject(raw)) return { ok: false, code: null, problems: [{ path: root, message: 'is not an object' }] };
  const read = new Reader();
  const pkg = new Entry(raw, root);

  const codeText = read.required(pkg, 'MATTHC', NAME_MAX);
  if (codeText !== null && !CODE.test(codeText)) read.problem(pkg.get('MATTHC').path, `${quote(codeText)} is not a procedure code`);
  const code = codeText !== null && CODE.test(codeText) ? codeText : null;
  const name = read.required(pkg, 'TENTTHC', NAME_MAX);
  const status = read.text(pkg, 'TRANGTHAI', NAME_MAX);
  const conditions = read.text(pkg, 'YEUCAU', TEXT_MAX);
  const procedure: Omit<NationalProcedure, 'code' | 'name'> = {
    levels: mapLevels(read, pkg),
    isPublic: status === '1',
    status,
    field: mapField(read, pkg),
    agency: mapAgency(read, pkg),
    subjects: mapSubjects(read, pkg),
    conditions: conditions && !isNone(conditions) ? conditions : null,
    results: read.list(pkg, 'KETQUATHUCHIEN', 50).flatMap((result) => read.text(result, 'TENKETQUA', NAME_MAX) ?? []),
    announcementDecision: read.text(pkg, 'QUYETDINH', NAME_MAX),
    isInterconnected: isNonEmptyList(read, pkg.get('TTHCLIENTHONG')),
    legalDocuments: mapLegalDocuments(read, pkg),
    steps: mapSteps(read, pkg),
    channels: mapChannels(read, pkg),
    documents: mapDocuments(read, pkg),
  };
  if (read.problems.length > 0 || code === null || name === null) return { ok: false, code, problems: read.problems };
  return { ok: true, procedure: { code, name, ...procedure } };
}

function isNonEmptyList(read: Reader, { value, path }: { value: unknown; path: string }): boolean {
  if (value !== undefined && value !== null && !Array.isArray(value)) read.problem(path, 'is not a list');
  return Array.isArray(value) && value.length > 0;
}

/** CAPTHUCHIEN: the levels of ours, from the top; a package with none is not the province's to publish. */
function mapLevels(read: Reader, pkg: Entry): AdministrativeLevel[] {
  const listed = new Set<AdministrativeLevel | null>();
  for (const item of read.list(pkg, 'CAPTHUCHIEN')) {
    listed.add(read.requiredValue(item, 'CAPTHUCHIEN', parseLevel));
  }
  const levels = LEVELS.filter((level) => listed.has(level));
  if (levels.length === 0) read.problem(pkg.get('CAPTHUCHIEN').path, 'lists no level the province implements (1 province, 2 district, 3 commune)');
  return levels;
}

function mapField(read: Reader, pkg: Entry): NationalProcedure['field'] {
  const [first] = read.list(pkg, 'LINHVUCTHUCHIEN');
  if (!first) return null;
  const nationalCode = read.text(first, 'MALINHVUC', NAME_MAX);
  const name = read.required(first, 'TENLINHVUC', ISSUER_MAX);
  if (name === null) return null;
  const slug = slugOf(name);
  if (!slug) read.problem(first.get('TENLINHVUC').path, `${quote(name)} has no letter or digit to make the field's code of`);
  return { nationalCode, name, slug };
}

function mapAgency(read: Reader, pkg: Entry): NationalProcedure['agency'] {
  const [first] = read.list(pkg, 'COQUANTHUCHIEN');
  if (!first) return null;
  const agency = { nationalCode: read.text(first, 'MADONVI', NAME_MAX), name: read.text(first, 'TENDONVI', NAME_MAX) };
  return agency.nationalCode === null && agency.name === null ? null : agency;
}

function mapSubjects(read: Reader, pkg: Entry): Subject[] {
  const texts = read.list(pkg, 'DOITUONGTHUCHIEN').map((subject) => read.text(subject, 'TENDOITUONG', NAME_MAX));
  texts.push(read.text(pkg, 'MOTADOITUONGTHUCHIEN', TEXT_MAX));
  const named = new Set(texts.flatMap((text) => (text ? subjectsIn(text) : [])));
  return SUBJECT_ORDER.filter((subject) => named.has(subject));
}

/** CANCUPHAPLY, at most 200: a number given twice is one document, the first one's. */
function mapLegalDocuments(read: Reader, pkg: Entry): LegalDocumentRecord[] {
  const documents = new Map<string, LegalDocumentRecord>();
  for (const item of read.list(pkg, 'CANCUPHAPLY', 200)) {
    const number = read.required(item, 'SOVANBAN', NUMBER_MAX);
    const title = read.required(item, 'TENVANBAN', NAME_MAX);
    const issuer = read.scalar(item, 'COQUANBANHANH', ISSUER_MAX);
    const issuedOn = read.value(item, 'NGAYBANHANH', parseDate);
    if (number !== null && title !== null && !documents.has(number)) documents.set(number, { number, title, issuer: issuer ?? '', issuedOn });
  }
  return [...documents.values()];
}

/** TRINHTUTHUCHIEN, at most 200 steps in all (empty ones counted): case by case, in order. */
function mapSteps(read: Reader, pkg: Entry): StepRecord[] {
  const steps: StepRecord[] = [];
  let count = 0;
  for (const group of read.list(pkg, 'TRINHTUTHUCHIEN')) {
    const caseName = read.text(group, 'TRUONGHOP', NAME_MAX);
    for (const step of read.list(group, 'TRINHTU')) {
      if (++count > 200) return tooMany(read, pkg, 'TRINHTUTHUCHIEN', 'has more than 200 steps in all', steps);
      const description = read.text(step, 'TENTRINHTU', TEXT_MAX);
      if (description) steps.push({ caseName, description });
    }
  }
  return steps;
}

/** THANHPHANHOSO, at most 300 documents in all: each GIAYTO is a required document of its case. */
function mapDocuments(read: Reader, pkg: Entry): DocumentRecord[] {
  const documents: DocumentRecord[] = [];
  for (const group of read.list(pkg, 'THANHPHANHOSO')) {
    const caseName = read.text(group, 'TRUONGHOP', NAME_MAX);
    for (const item of read.list(group, 'GIAYTO')) {
      if (documents.length === 300) return tooMany(read, pkg, 'THANHPHANHOSO', 'has more than 300 documents in all', documents);
      documents.push({
        caseName,
        name: read.required(item, 'TENGIAYTO', NAME_MAX) ?? '',
        originals: read.value(item, 'SOBANCHINH', parseCount) ?? 0,
        copies: read.value(item, 'SOBANSAO', parseCount) ?? 0,
        isRequired: true,
        formName: read.text(item, 'TENMAUDON', NAME_MAX),
        formUrl: read.value(item, 'URL', parseHttpUrl, Infinity),
      });
    }
  }
  return documents;
}

function tooMany<T>(read: Reader, pkg: Entry, list: string, message: string, kept: T[]): T[] {
  read.problem(pkg.get(list).path, message);
  return kept;
}
