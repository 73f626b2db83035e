import { renderHighlight } from '../highlight';
import { html } from '../html';
import { LEVEL_LABELS } from '../labels';
import { SUGGESTIONS_QUERY, type Suggestion } from '../search/search.query';
import { graphqlFetch } from './graphql-fetch';

/** Wait this long after a keystroke: one request per pause in typing, not per key. */
const PAUSE_MS = 120;

/**
 * The search box as an ARIA combobox (WAI-ARIA APG, list autocomplete): suggestions from
 * `procedureSuggestions` as the user types; Down and Up move through them, Enter opens the one
 * chosen (or searches when none is), Escape closes the list. Answers that arrive late for text
 * already changed are dropped.
 */
export function attachTypeAhead(input: HTMLInputElement, list: HTMLUListElement): void {
  let suggestions: Suggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let pending: AbortController | null = null;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const show = () => {
    list.innerHTML = suggestions
      .map(
        (suggestion, index) =>
          html`<li role="option" id="goi-y-${index}" aria-selected="${index === active ? 'true' : 'false'}" data-code="${suggestion.code}">
            <span class="name">${renderHighlight(suggestion.nameHighlight)}</span>
            <span class="meta">${suggestion.code} · ${LEVEL_LABELS[suggestion.level]}</span>
          </li>`.value,
      )
      .join('');
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `goi-y-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const open = (code: string) => window.location.assign(`/thu-tuc/${encodeURIComponent(code)}`);

  const suggest = async (prefix: string) => {
    pending?.abort();
    pending = new AbortController();
    try {
      const data = await graphqlFetch<{ procedureSuggestions: Suggestion[] }>(SUGGESTIONS_QUERY, { prefix }, pending.signal);
      if (input.value.trim() !== prefix) return;
      suggestions = data.procedureSuggestions;
      active = -1;
      show();
    } catch {
      // Aborted by a newer keystroke, or the API is unreachable: the form still searches.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const prefix = input.value.trim();
    if (prefix.length < 2) {
      suggestions = [];
      close();
      return;
    }
    timer = window.setTimeout(() => void suggest(prefix), PAUSE_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = suggestions.length;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      active = list.hidden ? 0 : (active + 1) % count;
      show();
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      active = active <= 0 ? count - 1 : active - 1;
      show();
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      open(suggestions[active].code);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener('blur', () => window.setTimeout(close, 150));
  // mousedown, not click: it comes before the input's blur closes the list.
  list.addEventListener('mousedown', (event) => {
    const option = (event.target as Element).closest<HTMLElement>('[data-code]');
    if (option?.dataset.code) {
      event.preventDefault();
      open(option.dataset.code);
    }
  });
}
