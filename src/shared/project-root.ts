import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding package.json. Code runs both from `src/` (tests) and from `dist/src/`
 * (npm start), so data files are found by walking up rather than by a fixed relative path.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);
