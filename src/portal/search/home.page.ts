import { html } from '../html';
import { renderPage } from '../layout';
import type { PortalAssets, RunQuery } from '../portal-query';
import { renderSearchResults } from './search-results.view';
import { SEARCH_QUERY, type SearchData } from './search.query';
import { parseSearchState, SEARCH_PARAMS, searchVariables, type SearchState } from './search-state';

/** The search form; without JavaScript it is a plain GET form, with it a type-ahead (search.js). */
function searchForm(state: SearchState) {
  const kept = [
    ...state.levels.map((value) => [SEARCH_PARAMS.level, value]),
    ...state.fields.map((value) => [SEARCH_PARAMS.field, value]),
    ...(state.oneStop === null ? [] : [[SEARCH_PARAMS.oneStop, state.oneStop ? '1' : '0']]),
  ];
  return html`<form id="tim-kiem" class="search-form" action="/" method="get" role="search">
    <label for="q">Tìm thủ tục (gõ tên, có dấu hoặc không dấu, hoặc mã thủ tục)</label>
    <div class="combobox">
      <input
        id="q"
        name="${SEARCH_PARAMS.q}"
        type="search"
        value="${state.q}"
        maxlength="200"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="q-hint"
      />
      <ul id="goi-y" role="listbox" aria-label="Gợi ý thủ tục" hidden></ul>
    </div>
    <p id="q-hint" class="hint">Ví dụ: đăng ký khai sinh, cấp giấy phép xây dựng, 1.001193. Dùng phím mũi tên để chọn gợi ý.</p>
    <div class="quick-filters">
      <label><input type="checkbox" name="${SEARCH_PARAMS.free}" value="1" ${state.free ? 'checked' : ''} /> Miễn phí</label>
      <label
        ><input type="checkbox" name="${SEARCH_PARAMS.online}" value="FULL" ${state.onlineLevels.includes('FULL') ? 'checked' : ''} /> Trực tuyến toàn
        trình</label
      >
    </div>
    ${state.onlineLevels.filter((level) => level !== 'FULL').map((value) => html`<input type="hidden" name="${SEARCH_PARAMS.online}" value="${value}" />`)}
    ${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <button type="submit">Tìm kiếm</button>
  </form>`;
}

/** `/`: search the catalogue, with facets; the state is the URL's query. */
export async function homePage(query: URLSearchParams, run: RunQuery, assets: PortalAssets): Promise<string> {
  const state = parseSearchState(query);
  const data = await run<SearchData>(SEARCH_QUERY, searchVariables(state));
  return renderPage(
    {
      title: state.q ? `Tìm “${state.q}”` : 'Tra cứu thủ tục hành chính',
      section: '/',
      description: 'Tra cứu thủ tục hành chính của tỉnh: thành phần hồ sơ, phí, lệ phí, thời hạn giải quyết, mức độ trực tuyến.',
      scripts: ['search.js'],
      main: html`<h1>Tra cứu thủ tục hành chính</h1>
        ${searchForm(state)}
        <div id="ket-qua" class="search-layout">${renderSearchResults(state, data)}</div>`,
    },
    assets,
  );
}
