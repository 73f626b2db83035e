/** The public API's paths: open to pages of any origin (CORS), unlike the agencies' bulk route. */
export const GRAPHQL_PATH = '/graphql';
export const CHANGES_PATH = '/changes';
export const CHANGES_ATOM_PATH = '/changes.atom';

/** The open-data files (`/opendata/procedures.csv`, ...) and their Data Package descriptor. */
export const OPENDATA_FILE_PATH = '/opendata/:file';
export const OPENDATA_PACKAGE_PATH = '/opendata/datapackage.json';
/** The DCAT-AP catalogue of the downloads, for data portals to harvest. */
export const OPENDATA_CATALOG_PATH = '/opendata/catalog.jsonld';

export const PUBLIC_PATHS = [GRAPHQL_PATH, CHANGES_PATH, CHANGES_ATOM_PATH, OPENDATA_FILE_PATH, OPENDATA_PACKAGE_PATH, OPENDATA_CATALOG_PATH] as const;
