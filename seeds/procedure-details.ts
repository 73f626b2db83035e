import { FeeKind, OnlineServiceLevel, Subject, type TimeUnit } from '../src/catalogue/catalogue.enums';
import type { ChannelRecord, DocumentRecord, FeeRecord, LegalActRecord, StepRecord } from '../src/catalogue/write/catalogue-record';
import { ChannelKind } from '../src/shared/channels';
import { AdministrativeLevel } from '../src/shared/levels';
import { type Random } from './random';
import { formatVnd, lowerFirst, pad2 } from './text';
import type { DocumentRow, FieldProfile, RealProcedureDetails, StepText, Vocabulary } from './vocabulary';

/**
 * The per-procedure parts of the catalogue (channels with times and fees, documents, steps, dates).
 * For the generated procedures they are representative; for the real ones, whatever
 * real-procedure-details.csv and real-procedure-documents.csv know wins and the rest is generated
 * the same way.
 */

/** A procedure once its identity and catalogue-wide flags are settled. */
export interface ProcedureDraft {
  code: string;
  name: string;
  nameEn: string | null;
  level: AdministrativeLevel;
  field: FieldProfile;
  agencyCode: string;
  agencyName: string;
  subjects: Subject[];
  results: string[];
  legalBasis: string[];
  isRepresentative: boolean;
  isOneStop: boolean;
  isInterconnected: boolean;
  onlineServiceLevel: OnlineServiceLevel;
  real: RealProcedureDetails | null;
}

/** Where the one-stop desk of each level is; the province runs a public administration centre. */
const ONE_STOP_DESK: Record<AdministrativeLevel, string> = {
  PROVINCE: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn',
  DISTRICT: 'Bộ phận Một cửa của Ủy ban nhân dân cấp huyện',
  COMMUNE: 'Bộ phận Một cửa của Ủy ban nhân dân cấp xã',
};

/** Who examines a dossier behind the desk; district and commune name the level, not an office. */
const HANDLER: Record<AdministrativeLevel, string | null> = {
  PROVINCE: null, // the implementing department itself
  DISTRICT: 'Phòng chuyên môn thuộc Ủy ban nhân dân cấp huyện',
  COMMUNE: 'Công chức chuyên môn thuộc Ủy ban nhân dân cấp xã',
};

const NATIONAL_PORTAL = 'Cổng Dịch vụ công quốc gia';
/** Public detail page of a procedure on the national portal, where its forms can be downloaded. */
const PORTAL_PROCEDURE_URL = 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=';

/** Share of procedures that also accept dossiers by public post (about 70 % in the brief). */
const POSTAL_SHARE = 0.7;
/** Share of online channels that promise a shorter time than the desk. */
const SHORTER_ONLINE_SHARE = 0.25;
/** Share of fee-bearing procedures whose amount is not fixed in the catalogue (≈3 % overall). */
const VARIABLE_FEE_SHARE = 0.05;
/** Share of procedures with a lệ phí that halve it for online dossiers. */
const ONLINE_DISCOUNT_SHARE = 0.35;
/** Share of fee-bearing licence procedures that charge an appraisal phí on top of the lệ phí. */
const APPRAISAL_FEE_SHARE = 0.35;
/** Share of procedures listed with two cases (trường hợp), each with its own documents. */
const TWO_CASE_SHARE = 0.12;
/** Share of generated procedures whose application form has a form template name. */
const FORM_NAME_SHARE = 0.6;
/** Chance that a field's condition sentence is attached; with fields lacking one, ≈60 % null. */
const CONDITION_SHARE = 0.55;

/** Lệ phí amounts in VND by level; a commune charges little, a province licence more. */
const CHARGE_AMOUNTS: Record<AdministrativeLevel, readonly number[]> = {
  PROVINCE: [50000, 100000, 100000, 150000, 200000, 200000, 300000, 500000, 500000, 1000000],
  DISTRICT: [20000, 30000, 50000, 50000, 75000, 100000, 100000, 150000, 200000],
  COMMUNE: [10000, 10000, 15000, 20000, 30000, 50000],
};

/** Phí (service and appraisal fees) in VND by level, capped at 5,000,000. */
const FEE_AMOUNTS: Record<AdministrativeLevel, readonly number[]> = {
  PROVINCE: [200000, 300000, 500000, 700000, 1000000, 1500000, 2000000, 3000000, 5000000],
  DISTRICT: [100000, 150000, 200000, 300000, 500000, 1000000],
  COMMUNE: [10000, 20000, 30000, 50000],
};

/** Verbatim wordings used when the catalogue gives no fixed amount. */
const VARIABLE_FEE_TEXTS = [
  'Theo quy định của Hội đồng nhân dân tỉnh',
  'Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh Lạng Sơn',
  'Theo biểu mức thu phí, lệ phí do Bộ Tài chính quy định',
  'Thu theo giá dịch vụ do tổ chức cung cấp dịch vụ thỏa thuận với tổ chức, cá nhân',
] as const;

const ONLINE_DISCOUNT_TEXT = 'giảm 50% mức thu lệ phí đối với hồ sơ nộp trực tuyến theo Nghị quyết của Hội đồng nhân dân tỉnh Lạng Sơn';

const FREE: FeeRecord = { kind: FeeKind.CHARGE, amountVnd: 0, description: 'Không' };

/** Lookups over the vocabulary, built once per loaded vocabulary rather than once per procedure. */
interface VocabularyIndex {
  documentsByField(field: string): DocumentRow[];
  stepsOfKind(kind: string): StepText[];
}

const indexes = new WeakMap<Vocabulary, VocabularyIndex>();

function indexOf(vocab: Vocabulary): VocabularyIndex {
  const cached = indexes.get(vocab);
  if (cached) return cached;
  const generic = vocab.documents.filter((doc) => doc.field === '*');
  const documents = new Map<string, DocumentRow[]>(
    vocab.fields.map((field) => [field.name, [...vocab.documents.filter((doc) => doc.field === field.name), ...generic]]),
  );
  const steps = new Map<string, StepText[]>();
  for (const step of vocab.steps) steps.set(step.kind, [...(steps.get(step.kind) ?? []), step]);
  const index: VocabularyIndex = {
    // Field-specific documents first (in file order), then the generic ones.
    documentsByField: (field) => documents.get(field) ?? generic,
    stepsOfKind: (kind) => {
      const list = steps.get(kind);
      if (!list) throw new Error(`steps.csv has no step of kind "${kind}"`);
      return list;
    },
  };
  indexes.set(vocab, index);
  return index;
}

/* ---------------------------------------------------------------------------------------------
 * Channels, times and fees
 * ------------------------------------------------------------------------------------------- */

interface Time {
  value: number | null;
  unit: TimeUnit | null;
  description: string;
}

export function buildChannels(draft: ProcedureDraft, vocab: Vocabulary, rng: Random): ChannelRecord[] {
  const deskTime = draft.real?.time ?? pickTime(draft.level, vocab, rng);
  const onlineTime = draft.real?.time ?? maybeShorter(deskTime, vocab, rng);
  const fees = buildFees(draft, rng);

  const channels: ChannelRecord[] = [channel(ChannelKind.IN_PERSON, deskTime, fees.desk)];
  // ONLINE exactly when the procedure is offered online at all (FULL or PARTIAL).
  if (draft.onlineServiceLevel !== OnlineServiceLevel.NONE) channels.push(channel(ChannelKind.ONLINE, onlineTime, fees.online));
  if (rng.chance(POSTAL_SHARE)) channels.push(channel(ChannelKind.POSTAL, deskTime, fees.desk));
  return channels;
}

function channel(kind: ChannelKind, time: Time, fees: FeeRecord[]): ChannelRecord {
  return {
    channel: kind,
    timeValue: time.value,
    timeUnit: time.unit,
    timeDescription: time.description,
    fees: fees.map((fee) => ({ ...fee })),
  };
}

function pickTime(level: AdministrativeLevel, vocab: Vocabulary, rng: Random): Time {
  const option = rng.weighted(vocab.times, (time) => time.weight[level]);
  return { value: option.value, unit: option.unit, description: option.description };
}

/** Online may promise the next shorter time of the same unit, never a longer one. */
function maybeShorter(time: Time, vocab: Vocabulary, rng: Random): Time {
  if (time.value === null || !rng.chance(SHORTER_ONLINE_SHARE)) return time;
  const shorter = vocab.times
    .filter((option) => option.unit === time.unit && option.value !== null && option.value < (time.value ?? 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  return shorter ? { value: shorter.value, unit: shorter.unit, description: shorter.description } : time;
}

/**
 * Fees for the desk (also used by post) and for online dossiers. All channels agree on whether the
 * procedure is free; only the amount may be lower online.
 */
function buildFees(draft: ProcedureDraft, rng: Random): { desk: FeeRecord[]; online: FeeRecord[] } {
  const known = draft.real?.fee;
  if (known) {
    const desk: FeeRecord[] = [{ ...known }];
    const onlineFee = draft.real?.onlineFee;
    const online = onlineFee ? [{ kind: known.kind, ...onlineFee }] : desk;
    return { desk, online };
  }
  if (!rng.chance(draft.field.paidShare)) return { desk: [FREE], online: [FREE] };
  if (rng.chance(VARIABLE_FEE_SHARE)) {
    const fee: FeeRecord = { kind: FeeKind.CHARGE, amountVnd: null, description: rng.pick(VARIABLE_FEE_TEXTS) };
    return { desk: [fee], online: [fee] };
  }
  const desk = paidFees(draft, rng);
  const discounted = desk.some((fee) => fee.kind === FeeKind.CHARGE) && rng.chance(ONLINE_DISCOUNT_SHARE);
  const online = discounted ? desk.map(discountOnline) : desk;
  return { desk, online };
}

function paidFees(draft: ProcedureDraft, rng: Random): FeeRecord[] {
  const { name, level } = draft;
  if (name.startsWith('Thẩm định')) {
    const amount = rng.pick(FEE_AMOUNTS[level]);
    return [{ kind: FeeKind.FEE, amountVnd: amount, description: `Phí thẩm định: ${formatVnd(amount)} đồng/hồ sơ` }];
  }
  const issued = issuedDocumentWord(name);
  if (issued) {
    const charge = rng.pick(CHARGE_AMOUNTS[level]);
    const fees: FeeRecord[] = [{ kind: FeeKind.CHARGE, amountVnd: charge, description: `Lệ phí cấp ${issued}: ${formatVnd(charge)} đồng/${issued}` }];
    if (rng.chance(APPRAISAL_FEE_SHARE)) {
      const fee = rng.pick(FEE_AMOUNTS[level]);
      fees.unshift({ kind: FeeKind.FEE, amountVnd: fee, description: `Phí thẩm định hồ sơ: ${formatVnd(fee)} đồng/hồ sơ` });
    }
    return fees;
  }
  if (rng.chance(0.5)) {
    const charge = rng.pick(CHARGE_AMOUNTS[level]);
    return [{ kind: FeeKind.CHARGE, amountVnd: charge, description: `Lệ phí: ${formatVnd(charge)} đồng/hồ sơ` }];
  }
  const fee = rng.pick(FEE_AMOUNTS[level]);
  return [{ kind: FeeKind.FEE, amountVnd: fee, description: `Phí: ${formatVnd(fee)} đồng/hồ sơ` }];
}

/** The word a lệ phí is counted by, when the procedure issues a licence-like document. */
function issuedDocumentWord(name: string): string | null {
  if (!/^(Cấp|Gia hạn|Đổi|Điều chỉnh)/.test(name)) return null;
  const lower = name.toLocaleLowerCase('vi');
  if (lower.includes('giấy phép')) return 'giấy phép';
  if (lower.includes('giấy chứng nhận')) return 'giấy chứng nhận';
  if (lower.includes('chứng chỉ')) return 'chứng chỉ';
  if (lower.includes('thẻ')) return 'thẻ';
  return null;
}

function discountOnline(fee: FeeRecord): FeeRecord {
  if (fee.kind !== FeeKind.CHARGE || fee.amountVnd === null) return fee;
  const half = Math.round(fee.amountVnd / 2);
  return { kind: FeeKind.CHARGE, amountVnd: half, description: `${fee.description}; ${ONLINE_DISCOUNT_TEXT}` };
}

/* ---------------------------------------------------------------------------------------------
 * Documents
 * ------------------------------------------------------------------------------------------- */

export function buildDocuments(draft: ProcedureDraft, vocab: Vocabulary, rng: Random): DocumentRecord[] {
  const formUrl = draft.isRepresentative ? null : `${PORTAL_PROCEDURE_URL}${draft.code}`;
  const known = vocab.realDocuments.filter((doc) => doc.code === draft.code);
  if (known.length > 0) {
    return known.map((doc) => ({
      caseName: doc.caseName,
      name: doc.name,
      originals: doc.originals,
      copies: doc.copies,
      isRequired: doc.isRequired,
      formName: doc.formName,
      formUrl: doc.formName ? formUrl : null,
    }));
  }

  const fieldDocuments = indexOf(vocab).documentsByField(draft.field.name);
  const cases: DocumentCase[] = rng.chance(TWO_CASE_SHARE) ? casePair(draft.subjects) : [{ caseName: null, subjects: draft.subjects }];
  // Two cases share the 8-document ceiling: up to 4 each.
  const maxExtra = cases.length === 2 ? 3 : 7;
  const form = applicationForm(draft, rng, formUrl);

  return cases.flatMap(({ caseName, subjects }) => {
    // A document meant for one kind of applicant only appears in that applicant's case.
    const pool = fieldDocuments.filter((doc) => doc.subject === null || subjects.includes(doc.subject));
    const extra = rng.sample(pool, rng.int(0, Math.min(maxExtra, pool.length)));
    return [
      form,
      ...extra.map(({ name, originals, copies, isRequired }) => ({
        name,
        originals,
        copies,
        isRequired,
        formName: null,
        formUrl: null,
      })),
    ].map((doc) => ({ caseName, ...doc }));
  });
}

/** The application itself: "Tờ khai …" for registrations, "Đơn đề nghị …" or "Văn bản đề nghị …". */
function applicationForm(draft: ProcedureDraft, rng: Random, formUrl: string | null): Omit<DocumentRecord, 'caseName'> {
  const subject = lowerFirst(draft.name);
  const individual = draft.subjects.every((item) => item === Subject.CITIZEN || item === Subject.FOREIGNER);
  const name = draft.name.startsWith('Đăng ký') ? `Tờ khai ${subject}` : individual ? `Đơn đề nghị ${subject}` : `Văn bản đề nghị ${subject}`;
  const formName = rng.chance(FORM_NAME_SHARE) ? `${name} (Mẫu số ${pad2(rng.int(1, 12))})` : null;
  return { name, originals: 1, copies: 0, isRequired: true, formName, formUrl: formName ? formUrl : null };
}

interface DocumentCase {
  caseName: string | null;
  /** The applicants the case is for, which decides the applicant-specific documents. */
  subjects: Subject[];
}

function casePair(subjects: Subject[]): DocumentCase[] {
  const bodies = subjects.filter((item) => item === Subject.ORGANISATION || item === Subject.ENTERPRISE);
  if (subjects.includes(Subject.CITIZEN) && bodies.length > 0) {
    return [
      { caseName: 'Trường hợp người đề nghị là cá nhân', subjects: [Subject.CITIZEN] },
      { caseName: 'Trường hợp người đề nghị là tổ chức', subjects: bodies },
    ];
  }
  if (subjects.includes(Subject.FOREIGNER)) {
    return [
      {
        caseName: 'Trường hợp người đề nghị là công dân Việt Nam',
        subjects: subjects.filter((item) => item !== Subject.FOREIGNER),
      },
      { caseName: 'Trường hợp người đề nghị là người nước ngoài', subjects: [Subject.FOREIGNER] },
    ];
  }
  return [
    { caseName: 'Trường hợp thông thường', subjects },
    { caseName: 'Trường hợp cần xác minh', subjects },
  ];
}

/* ---------------------------------------------------------------------------------------------
 * Steps
 * ------------------------------------------------------------------------------------------- */

/** 2–5 ordered steps: receive, then some of examine/appraise/decide, then return the result. */
export function buildSteps(draft: ProcedureDraft, channels: ChannelRecord[], vocab: Vocabulary, rng: Random): StepRecord[] {
  const textOf = (kind: string) => rng.pick(indexOf(vocab).stepsOfKind(kind)).text;
  const place = draft.isOneStop
    ? ONE_STOP_DESK[draft.level]
    : draft.level === AdministrativeLevel.PROVINCE
      ? draft.agencyName
      : draft.agencyName.replace('Ủy ban nhân dân', 'trụ sở Ủy ban nhân dân');
  const has = (kind: ChannelKind) => channels.some((item) => item.channel === kind);
  const submit = alternatives([
    `trực tiếp tại ${place}`,
    has(ChannelKind.POSTAL) ? 'qua dịch vụ bưu chính công ích' : null,
    has(ChannelKind.ONLINE) ? `trực tuyến trên ${NATIONAL_PORTAL}` : null,
  ]);
  const deliver = alternatives([
    `trực tiếp tại ${place}`,
    has(ChannelKind.POSTAL) ? 'qua dịch vụ bưu chính công ích' : null,
    draft.onlineServiceLevel === OnlineServiceLevel.FULL ? `bản điện tử trên ${NATIONAL_PORTAL}` : null,
  ]);
  const fill = (text: string) =>
    text
      .replace('{channels}', submit)
      .replace('{return}', deliver)
      .replace('{handler}', HANDLER[draft.level] ?? draft.agencyName)
      .replace('{result}', lowerFirst(draft.results[0]));

  const middle = rng.sample(['examine', 'appraise', 'decide'], rng.int(0, 3));
  const kinds = [draft.isOneStop ? 'receive_one_stop' : 'receive_direct', ...middle, 'return'];
  return kinds.map((kind) => ({ caseName: null, description: fill(textOf(kind)) }));
}

/** "a", "a hoặc b", "a, b hoặc c". */
function alternatives(options: (string | null)[]): string {
  const present = options.filter((option): option is string => option !== null);
  if (present.length <= 1) return present.join('');
  return `${present.slice(0, -1).join(', ')} hoặc ${present[present.length - 1]}`;
}

/* ---------------------------------------------------------------------------------------------
 * Conditions, legal basis
 * ------------------------------------------------------------------------------------------- */

export function buildConditions(draft: ProcedureDraft, rng: Random): string | null {
  return draft.field.condition !== null && rng.chance(CONDITION_SHARE) ? draft.field.condition : null;
}

/** 1–3 documents: the field's main law always, then some of its decrees and circulars. */
export function pickLegalBasis(field: FieldProfile, rng: Random): string[] {
  const [main, ...rest] = field.legalBasis;
  return [main, ...rng.sample(rest, rng.int(0, Math.min(2, rest.length)))];
}

/* ---------------------------------------------------------------------------------------------
 * Dates and announcement decisions
 * ------------------------------------------------------------------------------------------- */

const DAY_MS = 86_400_000;
const EFFECTIVE_FIRST = Date.UTC(2021, 0, 1);
const EFFECTIVE_LAST = Date.UTC(2025, 2, 1);
const UPDATED_FIRST = Date.UTC(2023, 0, 1);
const UPDATED_LAST = Date.UTC(2025, 2, 31);

export interface Announcement {
  /** ISO date the announced procedures take effect (the decision's signing date). */
  effectiveFrom: string;
  /** The decision as printed in a procedure's record. */
  decision: string;
  act: LegalActRecord;
}

const LEVEL_AUTHORITY: Record<AdministrativeLevel, string> = {
  [AdministrativeLevel.PROVINCE]: 'cấp tỉnh',
  [AdministrativeLevel.DISTRICT]: 'cấp huyện',
  [AdministrativeLevel.COMMUNE]: 'cấp xã',
};

/**
 * A province announces procedures field by field in batches; each batch is one decision of the
 * chairman of the provincial People's Committee. Numbers grow through the year as real ones do
 * (a province signs a few thousand decisions a year), and no two batches share one (`taken`).
 * These decisions are representative.
 */
export function announcementBatch(rng: Random, fieldName: string, level: AdministrativeLevel, taken: Set<string>): Announcement {
  const days = Math.floor((EFFECTIVE_LAST - EFFECTIVE_FIRST) / DAY_MS);
  const date = new Date(EFFECTIVE_FIRST + rng.int(0, days) * DAY_MS);
  const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  let number = Math.max(1, Math.round(dayOfYear * 7)) + rng.int(0, 6);
  while (taken.has(`${number}/QĐ-UBND`)) number++;
  taken.add(`${number}/QĐ-UBND`);
  const effectiveFrom = date.toISOString().slice(0, 10);
  const printed = `${date.getUTCDate()}/${date.getUTCMonth() + 1}/${date.getUTCFullYear()}`;
  const issuer = 'Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn';
  return {
    effectiveFrom,
    decision: `Quyết định số ${number}/QĐ-UBND ngày ${printed} của ${issuer}`,
    act: {
      number: `${number}/QĐ-UBND`,
      title: `Quyết định về việc công bố danh mục thủ tục hành chính lĩnh vực ${fieldName} thuộc thẩm quyền giải quyết ${LEVEL_AUTHORITY[level]} trên địa bàn tỉnh Lạng Sơn`,
      issuer,
      issuedOn: effectiveFrom,
      isRepresentative: true,
    },
  };
}

/** Last change in the catalogue: after the procedure took effect, within the snapshot window. */
export function pickUpdatedAt(effectiveFrom: string, rng: Random): string {
  const start = Math.max(Date.parse(`${effectiveFrom}T00:00:00Z`), UPDATED_FIRST);
  const seconds = Math.floor((UPDATED_LAST - start) / 1000);
  return new Date(start + Math.floor(rng.next() * seconds) * 1000).toISOString();
}
