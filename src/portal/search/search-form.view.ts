import { html, type Html } from '../html';
import { SEARCH_PARAMS, type SearchState } from './search-state';

/**
 * The facets chosen, as hidden fields: a new search keeps them. (The fully-online choice is the
 * form's own checkbox.) Rendered with the form, and again by search.js after each change.
 */
export function renderKeptFacets(state: SearchState): Html {
  const kept = [
    ...state.levels.map((value) => [SEARCH_PARAMS.level, value]),
    ...state.fields.map((value) => [SEARCH_PARAMS.field, value]),
    ...state.onlineLevels.filter((value) => value !== 'FULL').map((value) => [SEARCH_PARAMS.online, value]),
    ...(state.oneStop === null ? [] : [[SEARCH_PARAMS.oneStop, state.oneStop ? '1' : '0']]),
  ];
  return html`${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}`;
}

/** The search form; without JavaScript it is a plain GET form, with it a type-ahead (search.js). */
export function renderSearchForm(state: SearchState): Html {
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
    <div id="bo-loc-giu">${renderKeptFacets(state)}</div>
    <button type="submit">Tìm kiếm</button>
  </form>`;
}
