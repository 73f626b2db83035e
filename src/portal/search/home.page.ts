import { html } from '../html';
import { renderPage } from '../layout';
import type { RunQuery } from '../../graphql/in-process-query';
import type { PortalAssets } from '../portal-assets';
import { renderSearchForm } from './search-form.view';
import { renderSearchResults } from './search-results.view';
import { SEARCH_QUERY, type SearchData } from './search.query';
import { parseSearchState, searchVariables } from './search-state';

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
        ${renderSearchForm(state)}
        <div id="ket-qua" class="search-layout">${renderSearchResults(state, data)}</div>`,
    },
    assets,
  );
}
