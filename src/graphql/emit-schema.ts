import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { projectRoot } from '../project-root';
import { buildAppSchema } from './schema';

export const SCHEMA_FILE = path.join(projectRoot, 'schema', 'schema.graphql');

/** The SDL as committed: sorted, so the file changes only when the API does. */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}

if (require.main === module) {
  printAppSchema().then((sdl) => {
    fs.writeFileSync(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  });
}
