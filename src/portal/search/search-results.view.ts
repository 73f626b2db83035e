import { renderHighlight } from '../highlight';
import { html, type Html } from '../html';
import { formatNumber, formatVnd, LEVEL_LABELS, ONLINE_LEVEL_LABELS, REPRESENTATIVE_LABEL } from '../labels';
import type { SearchData, SearchResultProcedure } from './search.query';
import { searchHref, withFacet, withOneStop, type SearchState } from './search-state';

/** Fields shown before "more": the rest stay one click away, so the facet column stays short. */
const FIELDS_SHOWN = 8;

/** One facet value: a link to the state with it toggled, its count, and whether it is chosen. */
function facetLink(label: string, count: number, chosen: boolean, next: SearchState): Html {
  return html`<li>
    <a href="${searchHref(next)}" data-search-link ${chosen ? html`aria-current="true" class="chosen"` : ''}
      >${chosen ? html`<span aria-hidden="true">✓ </span>` : ''}${label}
      <span class="count">(${formatNumber(count)})</span>${chosen ? html`<span class="visually-hidden"> (đang chọn, bấm để bỏ)</span>` : ''}</a
    >
  </li>`;
}

function facetGroup(title: string, items: Html[], more: Html[] = []): Html {
  return html`<section class="facet">
    <h3>${title}</h3>
    <ul>
      ${items}
    </ul>
    ${
      more.length
        ? html`<details>
            <summary>Xem thêm ${more.length} lĩnh vực</summary>
            <ul>
              ${more}
            </ul>
          </details>`
        : ''
    }
  </section>`;
}

function facets(state: SearchState, summary: SearchData['catalogueSummary']): Html {
  const levels = ['PROVINCE', 'DISTRICT', 'COMMUNE'].map((level) =>
    facetLink(LEVEL_LABELS[level], summary.byLevel.find((c) => c.level === level)?.count ?? 0, state.levels.includes(level), withFacet(state, 'levels', level)),
  );
  const online = ['FULL', 'PARTIAL', 'NONE'].map((level) =>
    facetLink(
      ONLINE_LEVEL_LABELS[level],
      summary.byOnlineServiceLevel.find((c) => c.onlineServiceLevel === level)?.count ?? 0,
      state.onlineLevels.includes(level),
      withFacet(state, 'onlineLevels', level),
    ),
  );
  const oneStop = [true, false].map((value) =>
    facetLink(
      value ? 'Có tiếp nhận qua bộ phận một cửa' : 'Không qua bộ phận một cửa',
      summary.byOneStop.find((c) => c.isOneStop === value)?.count ?? 0,
      state.oneStop === value,
      withOneStop(state, value),
    ),
  );
  // Chosen fields first, then the largest; fields with nothing to show are left out unless chosen.
  const fields = [...summary.byField]
    .filter((c) => c.count > 0 || state.fields.includes(c.field.code))
    .sort((a, b) => Number(state.fields.includes(b.field.code)) - Number(state.fields.includes(a.field.code)) || b.count - a.count)
    .map((c) => facetLink(c.field.name, c.count, state.fields.includes(c.field.code), withFacet(state, 'fields', c.field.code)));
  return html`<nav class="facets" aria-label="Lọc kết quả">
    <h2 class="visually-hidden">Lọc kết quả</h2>
    ${facetGroup('Cấp thực hiện', levels)} ${facetGroup('Mức độ dịch vụ công trực tuyến', online)} ${facetGroup('Một cửa', oneStop)}
    ${facetGroup('Lĩnh vực', fields.slice(0, FIELDS_SHOWN), fields.slice(FIELDS_SHOWN))}
  </nav>`;
}

function fee(procedure: SearchResultProcedure): string {
  if (procedure.isFree) return 'Miễn phí';
  return procedure.minFeeVnd === null ? 'Phí, lệ phí: xem chi tiết' : `Từ ${formatVnd(procedure.minFeeVnd)}`;
}

function result(edge: SearchData['procedures']['edges'][number]): Html {
  const procedure = edge.node;
  return html`<li class="result">
    <h3><a href="/thu-tuc/${encodeURIComponent(procedure.code)}">${edge.nameHighlight ? renderHighlight(edge.nameHighlight) : procedure.name}</a></h3>
    <p class="meta"><span>Mã ${procedure.code}</span> · <span>${LEVEL_LABELS[procedure.level]}</span> · <span>${procedure.field.name}</span></p>
    <p class="meta">${procedure.implementingAgency.name}</p>
    <p class="tags">
      <span class="tag">${ONLINE_LEVEL_LABELS[procedure.onlineServiceLevel]}</span>
      ${procedure.isOneStop ? html`<span class="tag">Một cửa</span>` : ''}
      <span class="tag">${fee(procedure)}</span>
      ${procedure.minProcessingDays !== null ? html`<span class="tag">Giải quyết từ ${formatNumber(procedure.minProcessingDays)} ngày</span>` : ''}
      ${procedure.isRepresentative ? html`<span class="tag representative">${REPRESENTATIVE_LABEL}</span>` : ''}
    </p>
  </li>`;
}

/**
 * The facets, the count and a page of results for a state: rendered into the page by the server
 * for the first view, and again by the browser after each search, facet click or Back.
 */
export function renderSearchResults(state: SearchState, data: SearchData): Html {
  const { procedures, catalogueSummary } = data;
  const representative = catalogueSummary.representativeCount;
  return html`${facets(state, catalogueSummary)}
    <section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading" tabindex="-1">
        ${state.q ? html`Tìm thấy ${formatNumber(procedures.totalCount)} thủ tục cho “${state.q}”` : html`${formatNumber(procedures.totalCount)} thủ tục`}
      </h2>
      ${
        representative
          ? html`<p class="notice">
              Trong đó ${formatNumber(representative)} thủ tục là <strong>${REPRESENTATIVE_LABEL.toLowerCase()}</strong> (mã bắt đầu bằng “R.”), được tạo để
              danh mục đủ số lượng đã công bố; không dùng làm căn cứ.
            </p>`
          : ''
      }
      ${
        procedures.edges.length
          ? html`<ol class="result-list">
              ${procedures.edges.map(result)}
            </ol>`
          : html`<p>Không có thủ tục nào phù hợp. Hãy bớt bộ lọc hoặc thử từ khóa khác.</p>`
      }
      ${
        procedures.pageInfo.hasNextPage && procedures.pageInfo.endCursor
          ? html`<p class="pager"><a href="${searchHref({ ...state, after: procedures.pageInfo.endCursor })}" data-search-link rel="next">Trang sau</a></p>`
          : ''
      }
    </section>`;
}
