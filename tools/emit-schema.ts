import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/app/schema';
import { projectRoot } from '../src/shared/project-root';

/** The file the SDL is committed in; a test fails when it drifts from the code. */
export const SCHEMA_FILE = path.join(projectRoot, 'schema', 'schema.graphql');

/** `npm run schema:emit`: rewrites schema/schema.graphql from the code. */
if (require.main === module) {
  void printAppSchema().then((sdl) => {
    fs.writeFileSync(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  });
}
