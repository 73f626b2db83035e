import { renderKeptFacets } from '../search/search-form.view';
import { renderSearchResults } from '../search/search-results.view';
import { SEARCH_QUERY, type SearchData } from '../search/search.query';
import { parseSearchState, SEARCH_PARAMS, searchHref, searchVariables, type SearchState } from '../search/search-state';
import { graphqlFetch } from './graphql-fetch';
import { attachTypeAhead } from './type-ahead';

/**
 * The home page without reloads: a search, a facet or the next page asks the API from the browser,
 * renders with the same view the server used, and records the state in the URL, so that a link can
 * be shared and Back goes to the state before.
 */
const form = document.querySelector<HTMLFormElement>('#tim-kiem')!;
const input = document.querySelector<HTMLInputElement>('#q')!;
const region = document.querySelector<HTMLElement>('#ket-qua')!;

attachTypeAhead(input, document.querySelector<HTMLUListElement>('#goi-y')!);

let latest = 0;

/** The form's fields as the state they choose (the facets kept as hidden fields). */
function formState(): SearchState {
  const params = new URLSearchParams();
  // The form has text fields only (no file input), so every value is a string.
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.append(name, value);
  return parseSearchState(params);
}

function showInForm(state: SearchState) {
  input.value = state.q;
  form.querySelector<HTMLInputElement>(`input[name="${SEARCH_PARAMS.free}"]`)!.checked = state.free;
  form.querySelector<HTMLInputElement>(`input[type="checkbox"][name="${SEARCH_PARAMS.online}"]`)!.checked = state.onlineLevels.includes('FULL');
  form.querySelector('#bo-loc-giu')!.innerHTML = renderKeptFacets(state).value;
}

/** Shows a state; `push` records it in the history, as a new search or click does (Back does not). */
async function show(state: SearchState, push: boolean) {
  const request = ++latest;
  region.setAttribute('aria-busy', 'true');
  try {
    const data = await graphqlFetch<SearchData>(SEARCH_QUERY, searchVariables(state));
    if (request !== latest) return;
    region.innerHTML = renderSearchResults(state, data).value;
    showInForm(state);
    if (push) {
      history.pushState(null, '', searchHref(state));
      // The link clicked is gone with the old results: keyboard and screen-reader users continue from the new count.
      document.getElementById('results-heading')?.focus();
    }
    document.title = `${state.q ? `Tìm “${state.q}”` : 'Tra cứu thủ tục hành chính'} · Thủ tục hành chính`;
  } catch {
    // The API did not answer: load the page from the server instead, which says what went wrong.
    if (request === latest) window.location.assign(searchHref(state));
  } finally {
    if (request === latest) region.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void show({ ...formState(), after: null }, true);
});

region.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-search-link]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  void show(parseSearchState(new URL(link.href).searchParams), true);
});

window.addEventListener('popstate', () => void show(parseSearchState(new URLSearchParams(window.location.search)), false));
