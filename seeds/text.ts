import { plainVietnamese } from '../src/catalogue/search/vietnamese-text';

/** Vietnamese text helpers for the seed builder. */

/**
 * ASCII slug of a Vietnamese name: diacritics removed, đ → d, lower case, runs of anything else
 * joined by '-'. "Giáo dục và Đào tạo" → "giao-duc-va-dao-tao". Also the key used to decide that
 * two procedure names are the same name (case, accents and punctuation do not make a new name).
 */
export function slugify(text: string): string {
  return plainVietnamese(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Lower-cases the first letter so a name can continue a sentence ("Đơn đề nghị cấp …"), unless the
 * first word is an acronym such as "UBND". (Vietnamese has no locale-specific case rules.)
 */
export function lowerFirst(text: string): string {
  const firstWord = text.split(' ')[0];
  if (firstWord.length > 1 && firstWord === firstWord.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Two-digit day counts as the catalogue prints them: 5 → "05", 15 → "15". */
export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Vietnamese thousands grouping: 1500000 → "1.500.000". */
export function formatVnd(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * Expands a name template with alternation groups into every combination, in reading order:
 * "{Cấp|Cấp lại} giấy phép {A|B}" → ["Cấp giấy phép A", "Cấp giấy phép B", "Cấp lại giấy phép A",
 * …]. Groups cannot nest. This keeps the vocabulary file short while naming each real-world
 * variant (licence verbs × licence kinds) the way provincial catalogues list them.
 */
export function expandTemplate(template: string): string[] {
  const open = template.indexOf('{');
  if (open < 0) return [template.replace(/\s+/g, ' ').trim()];
  const close = template.indexOf('}', open);
  if (close < 0) throw new Error(`unbalanced template: ${template}`);
  const head = template.slice(0, open);
  const tail = template.slice(close + 1);
  const options = template.slice(open + 1, close).split('|');
  return options.flatMap((option) => expandTemplate(head + option + tail));
}

/**
 * Rules that name the result document from the verb that opens a procedure name. Ordered so that
 * the longer verb wins ("Cấp lại" before "Cấp"). `document` rules name the issued document itself
 * (cut before "đối với …"/"cho …", which name the applicant, not the document).
 */
const RESULT_RULES: ReadonlyArray<[prefix: string, make: (rest: string) => string]> = [
  ['Cấp sửa đổi, bổ sung ', (rest) => documentPhrase(rest)],
  ['Cấp điều chỉnh ', (rest) => documentPhrase(rest)],
  ['Cấp lại ', (rest) => documentPhrase(rest)],
  ['Cấp đổi ', (rest) => documentPhrase(rest)],
  ['Cấp mới ', (rest) => documentPhrase(rest)],
  ['Cấp ', (rest) => documentPhrase(rest)],
  ['Sửa đổi, bổ sung ', (rest) => documentPhrase(rest)],
  ['Thay đổi, bổ sung nội dung ', (rest) => documentPhrase(rest)],
  ['Điều chỉnh nội dung ', (rest) => documentPhrase(rest)],
  ['Điều chỉnh ', (rest) => documentPhrase(rest)],
  ['Gia hạn ', (rest) => documentPhrase(rest)],
  ['Đổi ', (rest) => documentPhrase(rest)],
  ['Thẩm định, phê duyệt ', (rest) => `Quyết định phê duyệt ${rest}`],
  ['Thẩm định ', (rest) => `Văn bản thông báo kết quả thẩm định ${cutApplicant(rest)}`],
  ['Phê duyệt, điều chỉnh ', (rest) => `Quyết định phê duyệt ${rest}`],
  ['Phê duyệt ', (rest) => `Quyết định phê duyệt ${rest}`],
  ['Công nhận lại ', (rest) => `Quyết định công nhận lại ${rest}`],
  ['Công nhận ', (rest) => `Quyết định công nhận ${rest}`],
  ['Thu hồi ', (rest) => `Quyết định thu hồi ${cutApplicant(rest)}`],
  ['Trả lại ', (rest) => `Quyết định cho phép trả lại ${rest}`],
  ['Chuyển nhượng ', (rest) => `Quyết định cho phép chuyển nhượng ${rest}`],
  ['Xác nhận ', (rest) => `Giấy xác nhận ${rest}`],
  ['Cho phép ', (rest) => `Quyết định cho phép ${rest}`],
  ['Thành lập ', (rest) => `Quyết định thành lập ${rest}`],
  ['Tổ chức lại ', (rest) => `Quyết định tổ chức lại ${rest}`],
  ['Sáp nhập, chia, tách ', (rest) => `Quyết định sáp nhập, chia, tách ${rest}`],
  ['Giải thể ', (rest) => `Quyết định giải thể ${rest}`],
  ['Chấp thuận ', (rest) => `Văn bản chấp thuận ${rest}`],
  ['Chứng nhận ', (rest) => `Giấy chứng nhận ${rest}`],
  ['Công bố ', (rest) => `Quyết định công bố ${rest}`],
  ['Tặng ', (rest) => `Quyết định tặng ${rest}`],
  ['Giải quyết ', (rest) => `Quyết định giải quyết ${rest}`],
  ['Hỗ trợ ', (rest) => `Quyết định hỗ trợ ${rest}`],
  ['Đề nghị ', (rest) => `Văn bản chấp thuận việc ${rest}`],
  ['Đăng ký ', (rest) => `Giấy xác nhận đăng ký ${rest}`],
];

function cutApplicant(rest: string): string {
  // " cho " after a comma is part of a list ("giao đất, cho thuê đất"), not the applicant.
  const cut = rest.search(/ (đối với|thuộc thẩm quyền|đã cấp cho) |(?<!,) cho /);
  return cut > 0 ? rest.slice(0, cut) : rest;
}

function documentPhrase(rest: string): string {
  return capitalize(cutApplicant(rest));
}

/** The result document for a generated procedure name, or null when no rule fits. */
export function deriveResult(name: string): string | null {
  for (const [prefix, make] of RESULT_RULES) {
    if (name.startsWith(prefix)) return make(name.slice(prefix.length));
  }
  return null;
}
