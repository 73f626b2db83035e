/** The public API's paths: open to pages of any origin (CORS), unlike the agencies' bulk route. */
export const GRAPHQL_PATH = '/graphql';
export const CHANGES_PATH = '/changes';
export const CHANGES_ATOM_PATH = '/changes.atom';

export const PUBLIC_PATHS = [GRAPHQL_PATH, CHANGES_PATH, CHANGES_ATOM_PATH] as const;
