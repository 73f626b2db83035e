import { ChannelKind } from '../shared/channels';
import { AdministrativeLevel } from '../shared/levels';
import { FeeKind, Subject, TimeUnit } from '../catalogue/catalogue.enums';
import { plainVietnamese } from '../catalogue/search/vietnamese-text';

/**
 * Readers of the scalar values of a national procedure package (see package-mapping.ts): each
 * takes the text as sent (trimmed, NFC; numbers already turned into their decimal text) and gives
 * our value, or the message of the problem. Messages quote the value, so that the full problem
 * (`path: message`) tells the user what to correct without opening the package.
 */

/** A value read, or why it could not be. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Largest fee amount accepted, in VND (a sane bound: anything above is a typo). */
export const MAX_FEE_VND = 1_000_000_000;
/** Largest processing time accepted, in days or hours: the catalogue has none near it. */
const MAX_TIME = 1000;
/** Most originals or copies of a document: more is a typo. */
const MAX_COPIES = 100;
/** Longest form link: a link longer than this is a pasted document, not an address. */
/** The length of the form_url column. */
const MAX_URL = 1000;
/** Legal documents outside these years are typos (a two-digit year, 0214 for 2014). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
/** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const QUOTED_MAX = 80;

/** The value as the message shows it: in quotes, cut short so that a page of text stays one line. */
export function quote(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > QUOTED_MAX ? `${chars.slice(0, QUOTED_MAX).join('')}…` : text);
}

/** Lower case without diacritics (đ as d), one space between words: producers vary in all three. */
function fold(text: string): string {
  return plainVietnamese(text).replace(/\s+/g, ' ').trim();
}

/** "Không" (none) in any case, with or without diacritics or a final full stop. */
export function isNone(text: string): boolean {
  return fold(text).replace(/\.$/, '') === 'khong';
}

/** The field's code: the slug the seed gives its fields, so that both name "Hộ tịch" `ho-tich`. */
export function slugOf(name: string): string {
  return plainVietnamese(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** CAPTHUCHIEN: `1` province, `2` district, `3` commune; `0` (ministry) is no level of ours, hence null. */
export function parseLevel(text: string): Parsed<AdministrativeLevel | null> {
  const levels: Record<string, AdministrativeLevel | null> = {
    '0': null,
    '1': AdministrativeLevel.PROVINCE,
    '2': AdministrativeLevel.DISTRICT,
    '3': AdministrativeLevel.COMMUNE,
  };
  return text in levels ? ok(levels[text]) : fail(`${quote(text)} is not a level (0 ministry, 1 province, 2 district, 3 commune)`);
}

/** KENH: `1` in person, `2` online, `3` public post. */
export function parseChannel(text: string): Parsed<ChannelKind> {
  const channels: Record<string, ChannelKind> = { '1': ChannelKind.IN_PERSON, '2': ChannelKind.ONLINE, '3': ChannelKind.POSTAL };
  return text in channels ? ok(channels[text]) : fail(`${quote(text)} is not a channel (1 in person, 2 online, 3 public post)`);
}

/** MAPHILEPHI: `1` phí (FEE), `2` lệ phí (CHARGE); producers leave a stray apostrophe (`1'`, `2’`) or spaces. */
export function parseFeeKind(text: string): Parsed<FeeKind> {
  const kind = text.replace(/['‘’`´\s]/g, '');
  if (kind === '1') return ok(FeeKind.FEE);
  if (kind === '2') return ok(FeeKind.CHARGE);
  return fail(`${quote(text)} is not a fee kind (1 phí, 2 lệ phí)`);
}

/** Thousands written with one separator throughout: `1.500.000` or `1,500,000`. */
const GROUPED = [/^\d{1,3}(?:\.\d{3})+$/, /^\d{1,3}(?:,\d{3})+$/];

/**
 * SOTIEN in VND: null when empty (the amount is not fixed); 0 for `Không`, `Miễn`, `Miễn phí`.
 * Dots or commas count only as thousands separators between groups of three digits, so `50.000`
 * is 50000 while `1.5` is refused: a decimal VND amount is a typo, and guessing would publish a
 * fee a thousand times off. A trailing currency (`đồng`, `đ`, `VNĐ`, `VND`) is allowed.
 */
export function parseAmount(text: string): Parsed<number | null> {
  if (text === '') return ok(null);
  const body = fold(text)
    .replace(/\.$/, '')
    .replace(/\s*(?:dong|vnd|d)$/, '');
  if (body === 'khong' || body === 'mien' || body === 'mien phi') return ok(0);
  const negative = body.startsWith('-');
  const digits = negative ? body.slice(1).trim() : body;
  let amount: number;
  if (/^\d+$/.test(digits)) amount = Number(digits);
  else if (GROUPED.some((pattern) => pattern.test(digits))) amount = Number(digits.replace(/[.,]/g, ''));
  else return fail(`${quote(text)} is not an amount`);
  if (negative && amount > 0) return fail(`${quote(text)} is a negative amount`);
  if (amount > MAX_FEE_VND) return fail(`${quote(text)} is above ${String(MAX_FEE_VND).replace(/\B(?=(\d{3})+$)/g, ',')} VND`);
  return ok(amount);
}

/** DONVI of a fee that means the amount is whole VND; any other unit (`%`, `Đồng/trang`) makes it a rate. */
export function isVndUnit(text: string): boolean {
  return ['', 'dong', 'vnd', 'd'].includes(fold(text).replace(/\.$/, ''));
}

/** THOIGIANGIAIQUYET: days or hours, a comma or a dot before decimals (`1,5`); empty or `Không` is no fixed time. */
export function parseTimeValue(text: string): Parsed<number | null> {
  if (text === '' || isNone(text)) return ok(null);
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text);
  const value = match ? Number(`${match[1]}.${match[2] ?? '0'}`) : NaN;
  return value <= MAX_TIME ? ok(value) : fail(`${quote(text)} is not a number of days or hours`);
}

/** Months have no unit of ours: their time is kept only in the description (see package-channels.ts). */
export const MONTH = 'MONTH';

/**
 * DONVITINH by name, in any case, with or without diacritics: `Ngày làm việc` working days,
 * `Ngày` calendar days, `Giờ` or `Giờ làm việc` hours, `Tháng` months; empty is no unit.
 */
export function parseTimeUnit(text: string): Parsed<TimeUnit | typeof MONTH | null> {
  const units: Record<string, TimeUnit | typeof MONTH | null> = {
    '': null,
    'ngay lam viec': TimeUnit.WORKING_DAY,
    ngay: TimeUnit.DAY,
    gio: TimeUnit.HOUR,
    'gio lam viec': TimeUnit.HOUR,
    thang: MONTH,
  };
  const name = fold(text).replace(/\.$/, '');
  return name in units ? ok(units[name]) : fail(`${quote(text)} is not a time unit`);
}

/** SOBANCHINH, SOBANSAO: a whole number up to 100; empty or `Không` is none. */
export function parseCount(text: string): Parsed<number> {
  if (text === '' || isNone(text)) return ok(0);
  const count = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return count <= MAX_COPIES ? ok(count) : fail(`${quote(text)} is not a number of copies (0 to ${MAX_COPIES})`);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= FIRST_YEAR && year <= LAST_YEAR && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * NGAYBANHANH as an ISO date: `dd/MM/yyyy` (or `d/M/yyyy`), `yyyy-MM-dd`, or an ISO timestamp.
 * A timestamp with an offset is read in Vietnam's time: .NET producers send local midnight as
 * `2014-11-19T17:00:00Z`, which is 20 November in Hà Nội. Without an offset the date is as written.
 */
export function parseDate(text: string): Parsed<string | null> {
  if (text === '') return ok(null);
  const problem = fail<string | null>(`${quote(text)} is not a date (dd/MM/yyyy or yyyy-MM-dd)`);
  const dmy = DAY_MONTH_YEAR.exec(text);
  const iso = ISO.exec(text);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!parts) return problem;
  const [year, month, day] = parts.map(Number);
  if (!isCalendarDate(year, month, day)) return problem;
  const [hours, minutes, seconds] = [iso?.[4], iso?.[5], iso?.[6]].map((part) => Number(part ?? '0'));
  if (hours > 23 || minutes > 59 || seconds > 59) return problem;
  if (!iso?.[7]) return ok(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  const offset = iso[7] === 'Z' ? 0 : (iso[7].startsWith('-') ? -1 : 1) * (Number(iso[7].slice(1, 3)) * 60 + Number(iso[7].slice(-2))) * 60_000;
  const local = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds) - offset + VIETNAM_OFFSET_MS);
  return ok(local.toISOString().slice(0, 10));
}

/** A form's link: an absolute http: or https: URL, kept as written; anything else would be a broken link on the portal. */
export function parseHttpUrl(text: string): Parsed<string | null> {
  if (text === '') return ok(null);
  const problem = fail<string | null>(`${quote(text)} is not an http(s) URL`);
  if (text.length > MAX_URL) return problem;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? ok(text) : problem;
  } catch {
    return problem;
  }
}

/** Keywords of each subject, folded; "người Việt Nam định cư ở nước ngoài" is covered by "nước ngoài". */
const SUBJECT_WORDS: ReadonlyArray<[string, Subject]> = [
  ['cong dan', Subject.CITIZEN],
  ['ca nhan', Subject.CITIZEN],
  ['doanh nghiep', Subject.ENTERPRISE],
  ['to chuc', Subject.ORGANISATION],
  ['co quan nha nuoc', Subject.STATE_AGENCY],
  ['nuoc ngoai', Subject.FOREIGNER],
];

/** The subjects a free text names, matched as whole words without regard to case or diacritics; other words name none. */
export function subjectsIn(text: string): Subject[] {
  const words = ` ${plainVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(' ')} `;
  return SUBJECT_WORDS.filter(([keyword]) => words.includes(` ${keyword} `)).map(([, subject]) => subject);
}
