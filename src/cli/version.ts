import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package version, from package.json at the package root (two levels up from src/cli and dist/cli). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
