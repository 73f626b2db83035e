import { html, type Html } from '../html';
import { formatNumber, formatPercent, LEVEL_LABELS } from '../labels';
import type { Figures, Rate } from './statistics.query';

/** The counts of dossierStatistics, in the order a report reads them. */
const COUNT_LABELS: [string, string][] = [
  ['received', 'Hồ sơ phải giải quyết (tồn kỳ trước + tiếp nhận mới)'],
  ['carriedOver', 'Tồn từ kỳ trước chuyển sang'],
  ['newlyReceived', 'Tiếp nhận mới trong kỳ'],
  ['receivedOnline', 'Tiếp nhận trực tuyến'],
  ['receivedInPerson', 'Tiếp nhận trực tiếp'],
  ['receivedByPost', 'Tiếp nhận qua bưu chính'],
  ['resolved', 'Đã giải quyết'],
  ['resolvedEarly', 'Giải quyết trước hạn'],
  ['resolvedOnTime', 'Giải quyết đúng hạn'],
  ['resolvedOverdue', 'Giải quyết quá hạn'],
  ['withdrawn', 'Công dân rút hồ sơ'],
  ['refused', 'Từ chối giải quyết'],
  ['pendingAtEnd', 'Đang giải quyết cuối kỳ'],
  ['pendingWithinDeadline', 'Đang giải quyết, còn hạn'],
  ['pendingPastDeadline', 'Đang giải quyết, đã quá hạn'],
  ['pausedAtEnd', 'Tạm dừng (chờ bổ sung, chờ nộp phí, dừng xử lý)'],
  ['apologyLetters', 'Phiếu xin lỗi và hẹn lại'],
  ['representativeReceived', 'Trong đó hồ sơ minh họa (không phải hồ sơ thực)'],
];

/** The rates, each with what it divides (the API's definitions, in Vietnamese). */
const RATE_LABELS: [string, string, string][] = [
  ['onTimeRate', 'Giải quyết đúng hạn', 'trước hạn và đúng hạn / đã giải quyết'],
  ['overdueRate', 'Giải quyết quá hạn', 'quá hạn / đã giải quyết'],
  ['onlineRate', 'Tiếp nhận trực tuyến', 'tiếp nhận trực tuyến / tiếp nhận mới'],
  ['fullOnlineRate', 'Trực tuyến ở thủ tục toàn trình', 'nộp trực tuyến / hồ sơ của thủ tục trực tuyến toàn trình'],
  ['onlinePaymentRate', 'Thanh toán trực tuyến', 'thanh toán trực tuyến / hồ sơ có phí, lệ phí'],
  ['digitisedOnReceiptRate', 'Số hóa khi tiếp nhận', 'số hóa thành phần hồ sơ / tiếp nhận mới'],
  ['electronicResultRate', 'Trả kết quả điện tử', 'có kết quả điện tử / đã giải quyết'],
  ['populationDataRate', 'Khai thác dữ liệu dân cư', 'có khai thác CSDL quốc gia về dân cư / tiếp nhận mới'],
  ['satisfactionRate', 'Hài lòng', 'đánh giá 4 hoặc 5 sao / số lượt đánh giá'],
];

export const rateCells = (rate: Rate): Html =>
  html`<td class="number">${formatNumber(rate.numerator)}</td>
    <td class="number">${formatNumber(rate.denominator)}</td>
    <td class="number">${formatPercent(rate.percent)}</td>`;

/** Every count and every rate with its numerator and denominator, and the same by level. */
export function renderFigures(figures: Figures, byLevel: (Figures & { level: string })[]): Html {
  const levels = byLevel.filter((level) => level.received > 0 || level.newlyReceived > 0);
  return html`<div class="figure-tables">
    <table class="figures">
      <caption>
        Số hồ sơ
      </caption>
      <thead>
        <tr>
          <th scope="col">Chỉ tiêu</th>
          <th scope="col">Tổng</th>
          ${levels.map((level) => html`<th scope="col">${LEVEL_LABELS[level.level]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${COUNT_LABELS.map(
          ([key, label]) =>
            html`<tr data-figure="${key}">
              <th scope="row">${label}</th>
              <td class="number">${formatNumber(figures[key])}</td>
              ${levels.map((level) => html`<td class="number">${formatNumber(level[key])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <table class="figures">
      <caption>
        Tỷ lệ (tử số / mẫu số)
      </caption>
      <thead>
        <tr>
          <th scope="col">Chỉ tiêu</th>
          <th scope="col">Tử số</th>
          <th scope="col">Mẫu số</th>
          <th scope="col">Tỷ lệ</th>
        </tr>
      </thead>
      <tbody>
        ${RATE_LABELS.map(
          ([key, label, definition]) =>
            html`<tr data-figure="${key}">
              <th scope="row">${label}<br /><span class="meta">${definition}</span></th>
              ${rateCells(figures[key as `${string}Rate`])}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
