import { badInput } from '../../shared/errors';

/** What the home page shows: the search text, the facets chosen and the page, all in the URL. */
export interface SearchState {
  q: string;
  levels: string[];
  fields: string[];
  onlineLevels: string[];
  oneStop: boolean | null;
  free: boolean;
  after: string | null;
}

/** The URL's parameter names (Vietnamese without diacritics, so links stay readable when shared). */
export const SEARCH_PARAMS = { q: 'q', level: 'cap', field: 'linhvuc', online: 'tructuyen', oneStop: 'motcua', free: 'mienphi', after: 'sau' } as const;

const LEVELS = ['PROVINCE', 'DISTRICT', 'COMMUNE'];
const ONLINE_LEVELS = ['FULL', 'PARTIAL', 'NONE'];
/** As the API bounds them: a search of 200 characters, a cursor, and a field code. */
const MAX_TEXT = 200;
const MAX_VALUES = 20;
const FIELD_CODE = /^[\p{L}\p{N}._-]{1,40}$/u;

function values(params: URLSearchParams, name: string, allowed: (value: string) => boolean): string[] {
  const all = params.getAll(name).filter((value) => value !== '');
  if (all.length > MAX_VALUES) throw badInput(`Chọn tối đa ${MAX_VALUES} giá trị cho "${name}".`, name);
  for (const value of all) if (!allowed(value)) throw badInput(`Giá trị không hợp lệ cho "${name}".`, name);
  return [...new Set(all)];
}

/** The state a URL's query stands for; a BAD_USER_INPUT AppError for a value no link of ours makes. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const q = (params.get(SEARCH_PARAMS.q) ?? '').trim();
  if (q.length > MAX_TEXT) throw badInput(`Từ khóa tìm kiếm dài tối đa ${MAX_TEXT} ký tự.`, SEARCH_PARAMS.q);
  const after = params.get(SEARCH_PARAMS.after) || null;
  if (after && after.length > MAX_TEXT) throw badInput('Vị trí trang không hợp lệ.', SEARCH_PARAMS.after);
  const oneStop = params.get(SEARCH_PARAMS.oneStop);
  if (oneStop && oneStop !== '1' && oneStop !== '0') throw badInput('Giá trị không hợp lệ cho "motcua".', SEARCH_PARAMS.oneStop);
  return {
    q,
    levels: values(params, SEARCH_PARAMS.level, (value) => LEVELS.includes(value)),
    fields: values(params, SEARCH_PARAMS.field, (value) => FIELD_CODE.test(value)),
    onlineLevels: values(params, SEARCH_PARAMS.online, (value) => ONLINE_LEVELS.includes(value)),
    oneStop: oneStop ? oneStop === '1' : null,
    free: params.get(SEARCH_PARAMS.free) === '1',
    after,
  };
}

/** The home page URL of a state: what links, the form and the browser's history use. */
export function searchHref(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set(SEARCH_PARAMS.q, state.q);
  for (const level of state.levels) params.append(SEARCH_PARAMS.level, level);
  for (const field of state.fields) params.append(SEARCH_PARAMS.field, field);
  for (const online of state.onlineLevels) params.append(SEARCH_PARAMS.online, online);
  if (state.oneStop !== null) params.set(SEARCH_PARAMS.oneStop, state.oneStop ? '1' : '0');
  if (state.free) params.set(SEARCH_PARAMS.free, '1');
  if (state.after) params.set(SEARCH_PARAMS.after, state.after);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);

/** The state with one facet value chosen, or no longer chosen; back to the first page. */
export function withFacet(state: SearchState, facet: 'levels' | 'fields' | 'onlineLevels', value: string): SearchState {
  return { ...state, [facet]: toggle(state[facet], value), after: null };
}

export function withOneStop(state: SearchState, oneStop: boolean): SearchState {
  return { ...state, oneStop: state.oneStop === oneStop ? null : oneStop, after: null };
}

/** The variables of SEARCH_QUERY for a state. */
export function searchVariables(state: SearchState): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (state.levels.length) filter.levels = state.levels;
  if (state.fields.length) filter.fieldCodes = state.fields;
  if (state.onlineLevels.length) filter.onlineServiceLevels = state.onlineLevels;
  if (state.oneStop !== null) filter.isOneStop = state.oneStop;
  if (state.free) filter.isFree = true;
  return { search: state.q || null, filter, after: state.after };
}
