import { html, type Html } from '../html';
import { formatDate, formatNumber } from '../labels';
import type { PublishedClaim } from './statistics.query';

/** What each published metric claims, in Vietnamese. */
export const CLAIM_LABELS: Record<string, string> = {
  dossiers_received: 'Số hồ sơ tiếp nhận',
  dossiers_carried_over: 'Hồ sơ tồn kỳ trước',
  dossiers_received_direct: 'Hồ sơ tiếp nhận trực tiếp',
  dossiers_received_online: 'Hồ sơ tiếp nhận trực tuyến',
  dossiers_resolved: 'Hồ sơ đã giải quyết',
  dossiers_resolved_on_time: 'Giải quyết trước hạn và đúng hạn',
  dossiers_resolved_overdue: 'Giải quyết quá hạn',
  dossiers_returned_or_withdrawn: 'Hồ sơ trả lại hoặc rút',
  dossiers_digitized: 'Hồ sơ có kết quả số hóa',
  population_db_lookups: 'Lượt khai thác CSDL dân cư',
  online_rate_pct: 'Tỷ lệ tiếp nhận trực tuyến (%)',
  on_time_rate_pct: 'Tỷ lệ đúng hạn (%)',
  overdue_rate_pct: 'Tỷ lệ quá hạn (%)',
  digitization_on_receipt_pct: 'Tỷ lệ số hóa khi tiếp nhận (%)',
  result_digitization_pct: 'Tỷ lệ số hóa kết quả (%)',
  satisfaction_pct: 'Tỷ lệ hài lòng (%)',
  transparency_pct: 'Chỉ số công khai, minh bạch (%)',
  district_level_dossiers_received: 'Hồ sơ cấp huyện tiếp nhận',
  district_level_dossiers_resolved: 'Hồ sơ cấp huyện đã giải quyết',
  commune_level_dossiers_received: 'Hồ sơ cấp xã tiếp nhận',
  commune_level_dossiers_resolved: 'Hồ sơ cấp xã đã giải quyết',
  district_level_on_time_rate_pct: 'Tỷ lệ đúng hạn cấp huyện (%)',
  commune_level_on_time_rate_pct: 'Tỷ lệ đúng hạn cấp xã (%)',
  par_index_pct: 'Chỉ số PAR INDEX (%)',
  par_index_rank: 'Xếp hạng PAR INDEX',
  procedures_total: 'Tổng số thủ tục',
  procedures_province_level: 'Thủ tục cấp tỉnh',
  procedures_district_level: 'Thủ tục cấp huyện',
  procedures_commune_level: 'Thủ tục cấp xã',
  procedures_district_level_full_online: 'Thủ tục cấp huyện trực tuyến toàn trình',
  procedures_district_level_partial_online: 'Thủ tục cấp huyện trực tuyến một phần',
  procedures_commune_level_full_online: 'Thủ tục cấp xã trực tuyến toàn trình',
  procedures_commune_level_partial_online: 'Thủ tục cấp xã trực tuyến một phần',
  procedures_one_stop_total: 'Thủ tục qua một cửa',
  procedures_one_stop_province_level: 'Thủ tục một cửa cấp tỉnh',
  procedures_one_stop_district_level: 'Thủ tục một cửa cấp huyện',
  procedures_one_stop_commune_level: 'Thủ tục một cửa cấp xã',
};

const number = (value: number) => (Number.isInteger(value) ? formatNumber(value) : value.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));

function verdict(claim: PublishedClaim): Html {
  if (claim.agrees === true) return html`<td class="agrees">Khớp</td>`;
  if (claim.agrees === false) return html`<td class="disagrees"><strong>Không khớp</strong></td>`;
  return html`<td class="not-computed">Không tính được</td>`;
}

function explanation(claim: PublishedClaim): Html {
  const parts: Html[] = [];
  if (claim.agrees === false && claim.computed !== null)
    parts.push(
      html`<p>
        Số tính từ dữ liệu hồ sơ của dịch vụ này lệch ${number(Math.abs(claim.computed - claim.value))} so với số công bố: nguồn có thể tính theo cách khác (xem
        ghi chú) hoặc dữ liệu hồ sơ ở đây chưa đủ.
      </p>`,
    );
  if (claim.notComputedBecause) parts.push(html`<p lang="en">${claim.notComputedBecause}</p>`);
  if (claim.note) parts.push(html`<p>Ghi chú của nguồn: <span lang="en">${claim.note}</span></p>`);
  return html`${parts}`;
}

/** The claims officials published for the unit and period, each beside what this service computes. */
export function renderClaims(claims: PublishedClaim[]): Html {
  if (!claims.length) return html`<p>Không có số liệu nào được công bố cho đơn vị và kỳ này trong bộ dữ liệu đối chiếu.</p>`;
  return html`<table class="claims">
    <caption class="visually-hidden">
      Số liệu đã công bố và số tính được
    </caption>
    <thead>
      <tr>
        <th scope="col">Chỉ tiêu</th>
        <th scope="col">Kỳ</th>
        <th scope="col">Công bố</th>
        <th scope="col">Tính được</th>
        <th scope="col">Đối chiếu</th>
        <th scope="col">Giải thích, nguồn</th>
      </tr>
    </thead>
    <tbody>
      ${claims.map(
        (claim) =>
          html`<tr data-metric="${claim.metric}" class="${claim.agrees === false ? 'row-disagrees' : ''}">
            <th scope="row">${CLAIM_LABELS[claim.metric] ?? claim.metric}</th>
            <td>${claim.periodStart ? `${formatDate(claim.periodStart)} – ` : 'tại '}${formatDate(claim.periodEnd)}</td>
            <td class="number">${number(claim.value)}</td>
            <td class="number">${claim.computed === null ? '—' : number(claim.computed)}</td>
            ${verdict(claim)}
            <td>
              ${explanation(claim)}
              <p class="meta">Nguồn: ${claim.source}</p>
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
