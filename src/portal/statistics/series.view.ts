import { html, trusted, type Html } from '../html';
import { formatMonth, formatNumber, formatPercent } from '../labels';
import type { StatisticsData } from './statistics.query';

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
              <th scope="row">${formatMonth(point.from)}</th>
              <td class="number">${formatNumber(point.newlyReceived)}</td>
              <td class="number">${formatNumber(point.resolved)}</td>
              <td class="number">${formatNumber(point.resolvedOverdue)}</td>
              <td class="number">${formatPercent(point.onTimeRate.percent)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
