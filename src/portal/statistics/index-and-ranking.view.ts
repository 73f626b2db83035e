import { html, trusted, type Html } from '../html';
import { formatNumber, formatPercent } from '../labels';
import { rateCells } from './figures.view';
import { RANKING_METRICS, statisticsHref } from './statistics-params';
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
            ${group.name}: ${points(group.score)} / ${points(group.scoredMaximum)} (tối đa ${points(group.maximum)})
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
                  <th scope="row">${indicator.name}${indicator.basis === 'FITTED' ? html`<br /><span class="tag">Công thức ước lượng</span>` : ''}</th>
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

/** The monthly series as a table (what the chart draws, readable without it) and the chart's data. */
export function renderSeries(series: NonNullable<StatisticsData['dossierStatisticsSeries']>): Html {
  const data = series.map((point) => ({
    from: point.from,
    newlyReceived: point.newlyReceived,
    resolved: point.resolved,
    resolvedOverdue: point.resolvedOverdue,
  }));
  // JSON inside a script element: `<` escaped so that no value can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return html`<figure class="chart">
      <div
        id="bieu-do"
        class="chart-area"
        role="img"
        aria-label="Biểu đồ hồ sơ tiếp nhận mới, đã giải quyết và quá hạn theo tháng (số liệu ở bảng bên dưới)"
      ></div>
      <script type="application/json" id="chuoi-thang">
        ${trusted(json)}
      </script>
      <figcaption>Hồ sơ theo tháng: tiếp nhận mới, đã giải quyết, giải quyết quá hạn.</figcaption>
    </figure>
    <table class="series">
      <caption class="visually-hidden">
        Số liệu theo tháng
      </caption>
      <thead>
        <tr>
          <th scope="col">Tháng</th>
          <th scope="col">Tiếp nhận mới</th>
          <th scope="col">Đã giải quyết</th>
          <th scope="col">Quá hạn</th>
          <th scope="col">Đúng hạn</th>
        </tr>
      </thead>
      <tbody>
        ${series.map(
          (point) =>
            html`<tr>
              <th scope="row">${Number(point.from.slice(5, 7))}/${point.from.slice(0, 4)}</th>
              <td class="number">${formatNumber(point.newlyReceived)}</td>
              <td class="number">${formatNumber(point.resolved)}</td>
              <td class="number">${formatNumber(point.resolvedOverdue)}</td>
              <td class="number">${formatPercent(point.onTimeRate.percent)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
