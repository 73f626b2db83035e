import { html, type Html } from '../html';
import { formatNumber } from '../labels';
import { rateCells } from './figures.view';
import { RANKING_METRICS, statisticsHref } from './statistics-params';
import type { StatisticsData } from './statistics.query';

/** The sub-units ranked on the chosen metric, with the numbers behind each value and the tie rule. */
export function renderRanking(ranking: NonNullable<StatisticsData['unitRanking']>, period: { from: string; to: string; metric: string }): Html {
  const figure = RANKING_METRICS[period.metric].figure;
  const isRate = ranking.metric.kind === 'RATE';
  return html`<p>
      Xếp hạng theo <strong>${RANKING_METRICS[period.metric].label}</strong>. Quy tắc khi bằng nhau: các đơn vị có cùng giá trị (so sánh chính xác bằng phân số,
      không theo số đã làm tròn) cùng hạng và hạng kế tiếp bị bỏ qua (1, 2, 2, 4); đơn vị không có hồ sơ để tính (mẫu số bằng 0) không được xếp hạng và đứng
      cuối.
    </p>
    <p class="meta" lang="en">API: ${ranking.tieRule}</p>
    <table class="ranking">
      <caption class="visually-hidden">
        Xếp hạng đơn vị trực thuộc
      </caption>
      <thead>
        <tr>
          <th scope="col">Hạng</th>
          <th scope="col">Đơn vị</th>
          ${
            isRate
              ? html`<th scope="col">Tử số</th>
                  <th scope="col">Mẫu số</th>
                  <th scope="col">Tỷ lệ</th>`
              : html`<th scope="col">Số hồ sơ</th>`
          }
        </tr>
      </thead>
      <tbody>
        ${ranking.entries.map(
          (entry) =>
            html`<tr>
              <td class="number">${entry.rank ?? '—'}</td>
              <th scope="row">
                <a href="${statisticsHref({ unit: entry.unitCode, from: period.from, to: period.to, metric: period.metric })}">${entry.unitName}</a>
              </th>
              ${isRate ? rateCells(entry.figures[figure as `${string}Rate`]) : html`<td class="number">${formatNumber(entry.figures[figure])}</td>`}
            </tr>`,
        )}
      </tbody>
    </table>`;
}
