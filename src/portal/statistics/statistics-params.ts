import { badInput } from '../../shared/errors';

/** Metrics the ranking can be ordered by on the page, with the figure that holds each. */
export const RANKING_METRICS: Record<string, { label: string; figure: string }> = {
  ON_TIME_RATE: { label: 'Tỷ lệ giải quyết đúng hạn', figure: 'onTimeRate' },
  OVERDUE_RATE: { label: 'Tỷ lệ giải quyết quá hạn', figure: 'overdueRate' },
  ONLINE_RATE: { label: 'Tỷ lệ tiếp nhận trực tuyến', figure: 'onlineRate' },
  DIGITISED_ON_RECEIPT_RATE: { label: 'Tỷ lệ số hóa khi tiếp nhận', figure: 'digitisedOnReceiptRate' },
  ELECTRONIC_RESULT_RATE: { label: 'Tỷ lệ trả kết quả điện tử', figure: 'electronicResultRate' },
  SATISFACTION_RATE: { label: 'Tỷ lệ hài lòng', figure: 'satisfactionRate' },
  RECEIVED: { label: 'Số hồ sơ phải giải quyết', figure: 'received' },
  RESOLVED: { label: 'Số hồ sơ đã giải quyết', figure: 'resolved' },
};

export interface StatisticsParams {
  /**
   * The units named, deepest first: `donvi` alone, or the picker's `xa`, `huyen` and `tinh` (a form
   * sent without JavaScript may name a district of the province chosen before; the page takes the
   * deepest whose ancestors are the others). Empty before one is chosen.
   */
  units: string[];
  from: string;
  to: string;
  metric: string;
}

const UNIT_CODE = /^\d{1,10}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The monthly series has at most 120 points: ten years. */
const MAX_YEARS = 10;

function day(params: URLSearchParams, name: string, fallback: string): string {
  const value = params.get(name) || fallback;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    throw badInput(`Ngày không hợp lệ: dùng dạng năm-tháng-ngày, ví dụ 2024-06-30.`, name);
  return value;
}

/** The dashboard's choice from the URL; a BAD_USER_INPUT AppError for values no form of ours sends. */
export function parseStatisticsParams(params: URLSearchParams, today: string): StatisticsParams {
  const named = params.get('donvi') ? ['donvi'] : ['xa', 'huyen', 'tinh'];
  const units = named.map((name) => params.get(name) ?? '').filter((code) => code !== '');
  if (units.some((code) => !UNIT_CODE.test(code))) throw badInput('Mã đơn vị hành chính không hợp lệ.', 'donvi');
  const from = day(params, 'tu', `${today.slice(0, 4)}-01-01`);
  const to = day(params, 'den', today);
  if (from > to) throw badInput('Ngày bắt đầu phải trước ngày kết thúc.', 'tu');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) >= MAX_YEARS) throw badInput(`Chọn kỳ ngắn hơn ${MAX_YEARS} năm.`, 'den');
  const metric = params.get('xephang') || 'ON_TIME_RATE';
  if (!RANKING_METRICS[metric]) throw badInput('Chỉ tiêu xếp hạng không hợp lệ.', 'xephang');
  return { units, from, to, metric };
}

export function statisticsHref(params: { unit: string; from: string; to: string; metric?: string }): string {
  const query = new URLSearchParams({ donvi: params.unit, tu: params.from, den: params.to });
  if (params.metric && params.metric !== 'ON_TIME_RATE') query.set('xephang', params.metric);
  return `/thong-ke?${query.toString()}`;
}
