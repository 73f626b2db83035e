import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../shared/project-root';

/** Where tools/build-portal.mjs writes the bundles (npm ci, npm start and npm test run it). */
const PORTAL_BUILD_DIR = path.join(projectRoot, 'dist', 'portal');

export type PortalAssetName = 'portal.css' | 'search.js' | 'statistics.js';

/** The built client files (scripts and styles) by name, with URLs that change with their content. */
export interface PortalAssets {
  url(name: PortalAssetName): string;
}

const NAMES: PortalAssetName[] = ['portal.css', 'search.js', 'statistics.js'];
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

interface PortalAsset {
  body: Buffer;
  type: string;
  /** A hash of the content: the ETag, and the `v` of the asset's URL, so a new build is a new URL. */
  version: string;
}

export interface LoadedPortalAssets extends PortalAssets {
  get(name: string): PortalAsset | undefined;
}

/** The built bundles, read once at start; a missing build is a clear error, not pages without scripts. */
export function loadPortalAssets(dir = PORTAL_BUILD_DIR): LoadedPortalAssets {
  const assets = new Map<string, PortalAsset>();
  for (const name of NAMES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`The portal's ${name} is not built (${file}): run npm run build:portal`);
    const body = fs.readFileSync(file);
    assets.set(name, { body, type: TYPES[path.extname(name)], version: crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16) });
  }
  return {
    get: (name) => assets.get(name),
    url: (name) => `/assets/${name}?v=${assets.get(name)!.version}`,
  };
}
