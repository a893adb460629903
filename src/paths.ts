// Files the product ships (templates/) are found from the installed package's root, whether the
// code runs compiled (dist/...) or from source (tests).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export const templatePath = (...parts: string[]) => path.join(packageRoot(), 'templates', ...parts);
