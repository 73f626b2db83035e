import { AppError } from '../../shared/errors';
import { html, type Html } from '../html';
import { formatDate, formatNumber, REPRESENTATIVE_LABEL } from '../labels';
import { renderPage } from '../layout';
import type { RunQuery } from '../../graphql/in-process-query';
import type { PortalAssets } from '../portal-assets';
import { CLAIM_LABELS, renderClaims } from './claims.view';
import { renderFigures } from './figures.view';
import { renderRanking } from './ranking.view';
import { renderSeries } from './series.view';
import { renderServiceIndex } from './service-index.view';
import { parseStatisticsParams, statisticsHref, type StatisticsParams } from './statistics-params';
import {
  CLAIMS_QUERY,
  STATISTICS_QUERY,
  UNIT_QUERY,
  UNITS_QUERY,
  type ClaimsData,
  type StatisticsData,
  type UnitNode,
  type UnitsData,
} from './statistics.query';
import { renderUnitPicker, type UnitOption } from './unit-picker.view';

/** A unit and its ancestors, province first. */
const lineage = (unit: UnitNode): UnitNode[] => (unit.parent ? [...lineage(unit.parent), unit] : [unit]);

/** The deepest unit named whose ancestors include every other unit named (see StatisticsParams.units). */
async function chosenUnit(params: StatisticsParams, run: RunQuery): Promise<UnitNode[] | null> {
  for (let i = 0; i < params.units.length; i++) {
    const { administrativeUnit } = await run<{ administrativeUnit: UnitNode | null }>(UNIT_QUERY, { code: params.units[i] });
    if (!administrativeUnit) continue;
    const chain = lineage(administrativeUnit);
    if (params.units.slice(i + 1).every((code) => chain.some((unit) => unit.code === code))) return chain;
  }
  return null;
}

async function unitsUnder(run: RunQuery, parent: string | undefined): Promise<UnitOption[]> {
  const data = await run<UnitsData>(UNITS_QUERY, parent ? { parent } : { level: 'PROVINCE' });
  return data.administrativeUnits.edges.map((edge) => edge.node);
}

/** The published claims that can be checked here, one link per unit and period. */
async function claimIndex(run: RunQuery): Promise<Html> {
  const { publishedFigures } = await run<ClaimsData>(CLAIMS_QUERY, {});
  const periods = new Map<string, { unitCode: string; unitName: string; from: string; to: string; metrics: string[] }>();
  for (const figure of publishedFigures) {
    if (!figure.periodStart || !figure.periodEnd) continue;
    const key = `${figure.unitCode}|${figure.periodStart}|${figure.periodEnd}`;
    const entry = periods.get(key) ?? { unitCode: figure.unitCode, unitName: figure.unitName, from: figure.periodStart, to: figure.periodEnd, metrics: [] };
    entry.metrics.push(CLAIM_LABELS[figure.metric] ?? figure.metric);
    periods.set(key, entry);
  }
  return html`<section aria-labelledby="da-cong-bo">
    <h2 id="da-cong-bo">Kiểm tra số liệu đã công bố</h2>
    <p>Các con số báo chí và báo cáo đã đăng, đặt cạnh số tính từ dữ liệu hồ sơ của dịch vụ này:</p>
    <ul class="claim-index">
      ${[...periods.values()].map(
        (period) =>
          html`<li>
            <a href="${statisticsHref({ unit: period.unitCode, from: period.from, to: period.to })}"
              >${period.unitName}, ${formatDate(period.from)} – ${formatDate(period.to)}</a
            >
            <span class="meta">(${period.metrics.length} số liệu)</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

function dashboard(params: StatisticsParams, data: StatisticsData): Html {
  const statistics = data.dossierStatistics;
  if (!statistics) return html`<p>Không có đơn vị này.</p>`;
  const period = `${formatDate(params.from)} – ${formatDate(params.to)}`;
  return html`<h2 id="don-vi">${statistics.unitName}, ${period}</h2>
    ${
      statistics.representativeReceived > 0
        ? html`<p class="notice representative" role="note">
            <strong>${REPRESENTATIVE_LABEL}:</strong> ${formatNumber(statistics.representativeReceived)} trong ${formatNumber(statistics.newlyReceived)} hồ sơ
            tiếp nhận mới là hồ sơ mẫu, dựng để tái tạo số liệu đã công bố, không phải hồ sơ thực. Các con số dưới đây mô tả số liệu công bố, không mô tả từng
            hồ sơ.
          </p>`
        : ''
    }
    <p class="meta">Gồm cả hồ sơ của các đơn vị trực thuộc. Số liệu tính từ bảng tổng hợp theo ngày (giờ Việt Nam).</p>
    <section aria-labelledby="so-lieu">
      <h3 id="so-lieu">Số liệu giải quyết hồ sơ</h3>
      ${renderFigures(statistics, statistics.byLevel)}
    </section>
    <section aria-labelledby="theo-thang">
      <h3 id="theo-thang">Theo tháng</h3>
      ${data.dossierStatisticsSeries ? renderSeries(data.dossierStatisticsSeries) : ''}
    </section>
    <section aria-labelledby="cong-bo">
      <h3 id="cong-bo">Số liệu đã công bố và số tính được</h3>
      ${renderClaims(data.publishedFigures)}
    </section>
    ${
      data.unitRanking && data.unitRanking.entries.length
        ? html`<section aria-labelledby="xep-hang">
            <h3 id="xep-hang">Xếp hạng các đơn vị trực thuộc</h3>
            ${renderRanking(data.unitRanking, params)}
          </section>`
        : ''
    }
    ${
      data.serviceIndex
        ? html`<section aria-labelledby="chi-so-766">
            <h3 id="chi-so-766">Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)</h3>
            ${renderServiceIndex(data.serviceIndex)}
          </section>`
        : ''
    }
    <p class="meta">
      Định nghĩa từng chỉ tiêu: truy vấn <code>statisticsMethodology</code> của API. Tải số liệu theo tháng: <a href="/du-lieu">Dữ liệu mở</a>.
    </p>`;
}

/** `/thong-ke`: a unit's dossier statistics for a period, checked against what was published. */
export async function statisticsPage(query: URLSearchParams, today: string, run: RunQuery, assets: PortalAssets): Promise<string> {
  const params = parseStatisticsParams(query, today);
  const chain = await chosenUnit(params, run);
  if (params.units.length && !chain) throw new AppError('NOT_FOUND', `Không có đơn vị hành chính mã ${params.units[0]}.`);
  const [province, district, commune] = chain ?? [];
  const [provinces, districts, communes, main] = await Promise.all([
    unitsUnder(run, undefined),
    province ? unitsUnder(run, province.code) : [],
    district ? unitsUnder(run, district.code) : [],
    chain
      ? run<StatisticsData>(STATISTICS_QUERY, {
          unit: chain[chain.length - 1].code,
          from: params.from,
          to: params.to,
          metric: params.metric,
          ranked: chain.length < 3,
        }).then((data) => dashboard(params, data))
      : claimIndex(run),
  ]);
  const picker = renderUnitPicker({
    provinces,
    districts,
    communes,
    province: province?.code ?? '',
    district: district?.code ?? '',
    commune: commune?.code ?? '',
    from: params.from,
    to: params.to,
    metric: params.metric,
  });
  return renderPage(
    {
      title: chain ? `Thống kê hồ sơ: ${chain[chain.length - 1].name}` : 'Thống kê giải quyết hồ sơ',
      section: '/thong-ke',
      description: 'Số liệu tiếp nhận và giải quyết hồ sơ thủ tục hành chính theo đơn vị và kỳ, đối chiếu với số liệu đã công bố.',
      scripts: ['statistics.js'],
      main: html`<h1>Thống kê giải quyết hồ sơ</h1>
        ${picker}${main}`,
    },
    assets,
  );
}
