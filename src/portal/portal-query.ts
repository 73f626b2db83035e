/** The built client files (scripts and styles) by name, with URLs that change with their content. */
export interface PortalAssets {
  url(name: PortalAssetName): string;
}

export type PortalAssetName = 'portal.css' | 'search.js' | 'statistics.js';

export type { RunQuery } from '../graphql/in-process-query';
