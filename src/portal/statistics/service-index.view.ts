import { html, type Html } from '../html';
import { rateCells } from './figures.view';
import type { StatisticsData } from './statistics.query';

const points = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 2 });

/** The Decision 766 index: groups and indicators, those dossier data cannot support shown as such. */
export function renderServiceIndex(index: NonNullable<StatisticsData['serviceIndex']>): Html {
  return html`<p class="score">
      Điểm tính được: <strong>${points(index.score)}</strong> / ${points(index.scoredMaximum)} điểm của các chỉ số tính được (thang điểm đầy đủ
      ${points(index.maximum)}: các chỉ số không tính được từ dữ liệu hồ sơ không được cộng).
    </p>
    ${index.groups.map(
      (group) =>
        html`<table class="index-group">
          <caption>
            <span lang="en">${group.name}</span
            >: ${points(group.score)} / ${points(group.scoredMaximum)} (tối đa ${points(group.maximum)})
          </caption>
          <thead>
            <tr>
              <th scope="col">Chỉ số</th>
              <th scope="col">Tử số</th>
              <th scope="col">Mẫu số</th>
              <th scope="col">Tỷ lệ</th>
              <th scope="col">Điểm</th>
            </tr>
          </thead>
          <tbody>
            ${group.indicators.map(
              (indicator) =>
                html`<tr class="${indicator.notComputableBecause ? 'not-computable' : ''}">
                  <th scope="row">
                    <span lang="en">${indicator.name}</span>${indicator.basis === 'FITTED' ? html`<br /><span class="tag">Công thức ước lượng</span>` : ''}
                  </th>
                  ${
                    indicator.rate
                      ? rateCells(indicator.rate)
                      : html`<td colspan="3"><strong>Không tính được:</strong> <span lang="en">${indicator.notComputableBecause ?? ''}</span></td>`
                  }
                  <td class="number">${indicator.score === null ? '—' : points(indicator.score)} / ${points(indicator.maximum)}</td>
                </tr>`,
            )}
          </tbody>
        </table>`,
    )}`;
}
