import type { Highlight } from '../highlight';

/** The home page's one request: a page of procedures and the facet counts for the same search. */
export const SEARCH_QUERY = `query PortalSearch($search: String, $filter: ProcedureFilter, $after: String) {
  procedures(search: $search, filter: $filter, first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      nameHighlight { text matched }
      node {
        code name level isOneStop onlineServiceLevel isFree minFeeVnd minProcessingDays isRepresentative
        field { name }
        implementingAgency { name }
      }
    }
  }
  catalogueSummary(search: $search, filter: $filter) {
    total
    representativeCount
    byLevel { level count }
    byField { count field { code name } }
    byOnlineServiceLevel { onlineServiceLevel count }
    byOneStop { isOneStop count }
  }
}`;

export interface SearchResultProcedure {
  code: string;
  name: string;
  level: string;
  isOneStop: boolean;
  onlineServiceLevel: string;
  isFree: boolean;
  minFeeVnd: number | null;
  minProcessingDays: number | null;
  isRepresentative: boolean;
  field: { name: string };
  implementingAgency: { name: string };
}

export interface SearchData {
  procedures: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { nameHighlight: Highlight | null; node: SearchResultProcedure }[];
  };
  catalogueSummary: {
    total: number;
    representativeCount: number;
    byLevel: { level: string; count: number }[];
    byField: { count: number; field: { code: string; name: string } }[];
    byOnlineServiceLevel: { onlineServiceLevel: string; count: number }[];
    byOneStop: { isOneStop: boolean; count: number }[];
  };
}

/** Type-ahead, on every keystroke. */
export const SUGGESTIONS_QUERY = `query PortalSuggestions($prefix: String!) {
  procedureSuggestions(prefix: $prefix, first: 8) { code name level nameHighlight { text matched } }
}`;

export interface Suggestion {
  code: string;
  name: string;
  level: string;
  nameHighlight: Highlight;
}
