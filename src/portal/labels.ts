/** The API's enum values and numbers as a Vietnamese reader expects them (server and browser alike). */

export const LEVEL_LABELS: Record<string, string> = { PROVINCE: 'Cấp tỉnh', DISTRICT: 'Cấp huyện', COMMUNE: 'Cấp xã' };

export const ONLINE_LEVEL_LABELS: Record<string, string> = {
  FULL: 'Trực tuyến toàn trình',
  PARTIAL: 'Trực tuyến một phần',
  NONE: 'Chưa trực tuyến',
};

export const CHANNEL_LABELS: Record<string, string> = {
  IN_PERSON: 'Nộp trực tiếp',
  ONLINE: 'Nộp trực tuyến',
  POSTAL: 'Qua dịch vụ bưu chính công ích',
};

export const FEE_KIND_LABELS: Record<string, string> = { FEE: 'Phí', CHARGE: 'Lệ phí' };

export const STATUS_LABELS: Record<string, string> = { PUBLIC: 'Đang áp dụng', PENDING: 'Chưa có hiệu lực', ABOLISHED: 'Đã bãi bỏ' };

export const SUBJECT_LABELS: Record<string, string> = {
  CITIZEN: 'Công dân Việt Nam',
  ENTERPRISE: 'Doanh nghiệp',
  FOREIGNER: 'Người nước ngoài',
  ORGANISATION: 'Tổ chức',
  STATE_AGENCY: 'Cơ quan nhà nước',
};

export const CHANGE_KIND_LABELS: Record<string, string> = {
  CREATED: 'Công bố mới',
  AMENDED: 'Sửa đổi, bổ sung',
  ABOLISHED: 'Bãi bỏ',
  REMOVED: 'Đưa ra khỏi danh mục',
  RESTORED: 'Khôi phục',
};

export const ORIGIN_LABELS: Record<string, string> = { SEED: 'Dữ liệu khởi tạo', EDIT: 'Cơ quan cập nhật', IMPORT: 'Nhập từ bộ thủ tục quốc gia' };

/** What a representative record is, wherever one is shown: never to be cited as fact. */
export const REPRESENTATIVE_LABEL = 'Dữ liệu minh họa';

const integers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 6609 → "6.609". */
export const formatNumber = (value: number): string => integers.format(value);

export const formatVnd = (amount: number): string => `${integers.format(amount)} đồng`;

/** A percentage the API already rounded to two decimals (Rate.percent): 95.84 → "95,84 %"; null → "—". */
export const formatPercent = (percent: number | null | undefined): string =>
  percent === null || percent === undefined ? '—' : `${percents.format(percent)} %`;

/** 'YYYY-MM-DD' (or the date part of a timestamp) → 'DD/MM/YYYY', as Vietnamese documents write dates. */
export function formatDate(day: string | null | undefined): string {
  if (!day) return '—';
  const [year, month, date] = day.slice(0, 10).split('-');
  return `${date}/${month}/${year}`;
}

/** A timestamp in Vietnam's time: 'DD/MM/YYYY HH:mm'. */
export function formatDateTime(timestamp: string): string {
  const local = new Date(Date.parse(timestamp) + 7 * 3_600_000).toISOString();
  return `${formatDate(local)} ${local.slice(11, 16)}`;
}

/** The names of `Procedure` fields (representativeFields, changedFields) as the page's headings say them. */
const FIELD_LABELS: Record<string, string> = {
  name: 'tên thủ tục',
  nameEn: 'tên tiếng Anh',
  level: 'cấp thực hiện',
  status: 'tình trạng',
  field: 'lĩnh vực',
  implementingAgency: 'cơ quan thực hiện',
  subjects: 'đối tượng thực hiện',
  isOneStop: 'một cửa',
  isInterconnected: 'liên thông',
  onlineServiceLevel: 'mức độ trực tuyến',
  effectiveFrom: 'ngày có hiệu lực',
  effectiveTo: 'ngày hết hiệu lực',
  updatedAt: 'ngày cập nhật',
  conditions: 'yêu cầu, điều kiện',
  announcementDecision: 'quyết định công bố',
  results: 'kết quả thực hiện',
  channels: 'cách thức, thời hạn, phí và lệ phí',
  requiredDocuments: 'thành phần hồ sơ',
  steps: 'trình tự thực hiện',
  legalBasis: 'căn cứ pháp lý',
};

export const fieldNames = (fields: readonly string[]): string => fields.map((field) => FIELD_LABELS[field] ?? field).join(', ');

/** The month a series point starts in ('2024-01-01' → '1/2024'), as the table and the chart label it. */
export const formatMonth = (day: string): string => `${Number(day.slice(5, 7))}/${day.slice(0, 4)}`;
