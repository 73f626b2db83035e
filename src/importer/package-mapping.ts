import { ChannelKind } from '../shared/channels';
import { LEVELS, type AdministrativeLevel } from '../shared/levels';
import { FeeKind, Subject, type TimeUnit } from '../catalogue/catalogue.enums';
import type { ChannelRecord, DocumentRecord, FeeRecord, LegalDocumentRecord, StepRecord } from '../catalogue/write/catalogue-record';
import {
  MONTH,
  isNone,
  isVndUnit,
  parseAmount,
  parseChannel,
  parseCount,
  parseDate,
  parseFeeKind,
  parseHttpUrl,
  parseLevel,
  parseTimeUnit,
  parseTimeValue,
  quote,
  slugOf,
  subjectsIn,
  type Parsed,
} from './package-values';

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

/** What makes a package unusable, where: the path starts with the package's `[index]` and spells keys as the package does. */
export interface PackageProblem {
  path: string;
  message: string;
}

/** A package read, or every problem found in it (up to 20) with its MATTHC when that is a valid code. */
export type MappedPackage = { ok: true; procedure: NationalProcedure } | { ok: false; code: string | null; problems: PackageProblem[] };

/** Beyond this a package is clearly broken, and a longer report would only bury the first problems. */
const MAX_PROBLEMS = 20;
const NAME_MAX = 500;
const TEXT_MAX = 5000;
/** Legal document numbers, issuers and field names: the lengths of their columns. */
const NUMBER_MAX = 60;
const ISSUER_MAX = 200;
const CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,31}$/;
/** Control characters break the portal's pages and exports; line breaks and tabs are layout. */
const CONTROL = /[^\P{Cc}\n\r\t]/u;
const CHANNEL_ORDER = [ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POSTAL];
const SUBJECT_ORDER = Object.values(Subject);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object of the package and its path, with its keys looked up without regard to case (the first spelling wins). */
class Entry {
  private readonly keys = new Map<string, string>();

  constructor(
    readonly value: Json,
    readonly path: string,
  ) {
    for (const key of Object.keys(value)) if (!this.keys.has(key.toUpperCase())) this.keys.set(key.toUpperCase(), key);
  }

  /** The value under `name` (upper case), and its path: the key as spelled, or `name` when absent. */
  get(name: string): { value: unknown; path: string } {
    const key = this.keys.get(name);
    return { value: key === undefined ? undefined : this.value[key], path: `${this.path}.${key ?? name}` };
  }
}

/** Reads the values of one package, collecting its problems. */
class Reader {
  readonly problems: PackageProblem[] = [];

  problem(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }

  /** A parsed value, or null after reporting its problem. */
  parsed<T>(result: Parsed<T>, path: string): T | null {
    if (result.ok) return result.value;
    this.problem(path, result.message);
    return null;
  }

  /** A string or number as trimmed NFC text; '' when absent, null when unusable (reported). */
  scalar(entry: Entry, name: string, max: number): string | null {
    const { value, path } = entry.get(name);
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      this.problem(path, 'is not text');
      return null;
    }
    const text = String(value).normalize('NFC').trim();
    if (CONTROL.test(text)) this.problem(path, 'contains a control character');
    else if (text.length > max && [...text].length > max) this.problem(path, `is longer than ${max} characters`);
    else return text;
    return null;
  }

  /** Optional text: null when absent, empty or unusable. */
  text(entry: Entry, name: string, max: number): string | null {
    return this.scalar(entry, name, max) || null;
  }

  /** Text that must be there: null, reported, when absent or empty. */
  required(entry: Entry, name: string, max: number): string | null {
    const text = this.scalar(entry, name, max);
    if (text === '') this.problem(entry.get(name).path, 'is missing');
    return text || null;
  }

  /** A value parsed from text (empty text included); null after a problem. */
  value<T>(entry: Entry, name: string, parse: (text: string) => Parsed<T>, max = NAME_MAX): T | null {
    const text = this.scalar(entry, name, max);
    return text === null ? null : this.parsed(parse(text), entry.get(name).path);
  }

  /** A value parsed from text that must be there; null after a problem. */
  requiredValue<T>(entry: Entry, name: string, parse: (text: string) => Parsed<T>): T | null {
    const text = this.required(entry, name, NAME_MAX);
    return text === null ? null : this.parsed(parse(text), entry.get(name).path);
  }

  /** The objects of a list (absent or null is empty), at most `max` of them. */
  list(entry: Entry, name: string, max = Infinity): Entry[] {
    const { value, path } = entry.get(name);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'is not a list');
      return [];
    }
    if (value.length > max) this.problem(path, `has more than ${max} entries`);
    const items: Entry[] = [];
    for (const [i, item] of (value as unknown[]).slice(0, max).entries()) {
      if (isObject(item)) items.push(new Entry(item, `${path}[${i}]`));
      else this.problem(`${path}[${i}]`, 'is not an object');
    }
    return items;
  }
}

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

/** One THOIGIAN entry: its time as read and as written, its description, and its fees. */
interface Time {
  value: number | null;
  unit: TimeUnit | typeof MONTH | null;
  written: string;
  description: string;
}

/** A channel as its entries of CACHTHUCTHUCHIEN give it, before it becomes a record. */
interface ChannelDraft {
  times: Time[];
  fees: FeeRecord[];
}

/**
 * CACHTHUCTHUCHIEN: entries of one KENH are merged (their times and fees appended). The first
 * time gives the channel's value and unit; months have no unit of ours, so a time in `Tháng`
 * leaves value and unit null and is kept, as written, in the description. Each later time is
 * kept in the description too, after its value and unit as written: nothing the package says is
 * lost. At most 20 times and 50 fees a channel.
 */
function mapChannels(read: Reader, pkg: Entry): ChannelRecord[] {
  const drafts = new Map<ChannelKind, ChannelDraft>();
  for (const item of read.list(pkg, 'CACHTHUCTHUCHIEN')) {
    const kind = read.requiredValue(item, 'KENH', parseChannel);
    // An unknown channel's times are still read: their problems are reported in the same round.
    const draft: ChannelDraft = (kind && drafts.get(kind)) || { times: [], fees: [] };
    if (kind && !drafts.has(kind)) drafts.set(kind, draft);
    const times = read.list(item, 'THOIGIAN');
    for (const time of times) {
      if (draft.times.length === 20) {
        read.problem(item.get('THOIGIAN').path, 'gives the channel more than 20 times');
        break;
      }
      draft.times.push(mapTime(read, time));
      for (const fee of read.list(time, 'PHILEPHI')) {
        if (draft.fees.length === 50) {
          read.problem(time.get('PHILEPHI').path, 'gives the channel more than 50 fees');
          break;
        }
        draft.fees.push(mapFee(read, fee));
      }
    }
  }
  return CHANNEL_ORDER.flatMap((channel) => {
    const draft = drafts.get(channel);
    if (!draft) return [];
    const [first, ...later] = draft.times;
    const fixed = first && first.value !== null && first.unit !== null && first.unit !== MONTH ? { value: first.value, unit: first.unit } : null;
    const descriptions = [
      first && (fixed ? first.description : joined(first.written, first.description)),
      ...later.map((time) => joined(time.written, time.description)),
    ];
    return [
      {
        channel,
        timeValue: fixed?.value ?? null,
        timeUnit: fixed?.unit ?? null,
        timeDescription: descriptions.filter(Boolean).join('\n'),
        fees: draft.fees,
      },
    ];
  });
}

/** `15 Ngày làm việc: <MOTA>`, or either part alone when the other is empty. */
const joined = (head: string, tail: string) => (head && tail ? `${head}: ${tail}` : head || tail);

function mapTime(read: Reader, time: Entry): Time {
  const valueText = read.scalar(time, 'THOIGIANGIAIQUYET', NAME_MAX);
  const unitText = read.scalar(time, 'DONVITINH', NAME_MAX);
  const value = valueText === null ? null : read.parsed(parseTimeValue(valueText), time.get('THOIGIANGIAIQUYET').path);
  const unit = unitText === null ? null : read.parsed(parseTimeUnit(unitText), time.get('DONVITINH').path);
  if (value !== null && unitText === '') read.problem(time.get('DONVITINH').path, 'a time needs its unit');
  return { value, unit, written: [valueText, unitText].filter(Boolean).join(' '), description: read.scalar(time, 'MOTA', TEXT_MAX) ?? '' };
}

/**
 * PHILEPHI: an amount in VND (DONVI `Đồng`, `VNĐ`, `VND` or empty). Any other unit (`%`,
 * `Đồng/trang`) makes it a rate: no amount, and the rate as written heads the description.
 */
function mapFee(read: Reader, fee: Entry): FeeRecord {
  // An unreadable kind is reported, which fails the package: FEE only fills the record's place.
  const kind = read.requiredValue(fee, 'MAPHILEPHI', parseFeeKind) ?? FeeKind.FEE;
  const amountText = read.scalar(fee, 'SOTIEN', NAME_MAX);
  const unitText = read.scalar(fee, 'DONVI', NAME_MAX);
  const description = read.scalar(fee, 'MOTA', TEXT_MAX) ?? '';
  if (amountText === null || unitText === null || isVndUnit(unitText)) {
    const amountVnd = amountText === null ? null : read.parsed(parseAmount(amountText), fee.get('SOTIEN').path);
    return { kind, amountVnd, description };
  }
  return { kind, amountVnd: null, description: joined([amountText, unitText].filter(Boolean).join(' '), description) };
}
