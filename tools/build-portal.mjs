// Bundles the portal's client scripts and stylesheet into dist/portal (esbuild): run by npm ci
// (prepare), npm start (prestart) and npm test, and by jest's global setup, so no command is extra.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const client = path.join(root, 'src', 'portal', 'client');

const result = await build({
  entryPoints: {
    search: path.join(client, 'search.client.ts'),
    statistics: path.join(client, 'statistics.client.ts'),
    portal: path.join(client, 'portal.css'),
  },
  outdir: path.join(root, 'dist', 'portal'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  write: true,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

if (!process.argv.includes('--quiet')) {
  const fs = await import('node:fs');
  for (const file of Object.keys(result.metafile.outputs)) {
    const bytes = fs.readFileSync(path.join(root, file));
    console.log(`${path.relative(root, file)}: ${(bytes.length / 1024).toFixed(1)} kB, ${(zlib.gzipSync(bytes).length / 1024).toFixed(1)} kB gzipped`);
  }
}
