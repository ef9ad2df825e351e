/**
 * Every package the shipped code imports at run time is in package.json `dependencies`, so an
 * `npm ci --omit=dev` install of the gateway and CLI starts. The runtime graph is read from the code that goes
 * into dist/ (tsconfig.build.json's folders) plus bin/, each TypeScript file transpiled as tsc emits it (type-only
 * imports are elided there, so `import type` from a devDependency is fine), and every require()/import() of a
 * bare specifier is checked. The task pane (src/addin) is bundled by webpack at build time and is not included.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Bare specifiers a file requires at run time, as emitted JavaScript sees them. */
export function runtimeSpecifiers(file: string, source: string): string[] {
  const js = file.endsWith('.ts') ? ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: file }).outputText : source;
  const out = new Set<string>();
  for (const m of js.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.') && !spec.startsWith('/')) out.add(spec);
  }
  return [...out];
}

function packageOf(spec: string): string | undefined {
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Imports whose package is not a runtime dependency: [file, package, where it is listed]. */
export function misplaced(manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }, graph: Array<[string, string[]]>): string[][] {
  const deps = manifest.dependencies ?? {};
  const dev = manifest.devDependencies ?? {};
  const bad: string[][] = [];
  for (const [file, specs] of graph) {
    for (const spec of specs) {
      const name = packageOf(spec);
      if (!name || deps[name]) continue;
      bad.push([file, name, dev[name] ? 'devDependencies' : 'nowhere']);
    }
  }
  return bad;
}

const roots = [...(build.include as string[]).map((d) => join(ROOT, d)), join(ROOT, 'bin')];
const graph: Array<[string, string[]]> = roots.flatMap((dir) => files(dir)).map((f) => [f.slice(ROOT.length + 1), runtimeSpecifiers(f, readFileSync(f, 'utf8'))]);

it('reads a real import graph (the gateway, CLI and core import packages)', () => {
  const all = new Set(graph.flatMap(([, s]) => s.map(packageOf)).filter(Boolean));
  for (const p of ['fastify', '@langchain/core', 'opencc-js', 'better-sqlite3', 'zod', 'yaml']) expect(all).toContain(p);
});

it('finds every runtime import in dependencies, none only in devDependencies', () => {
  expect(misplaced(pkg, graph)).toEqual([]);
});

it('would catch a runtime import listed only in devDependencies, and ignore type-only imports', () => {
  const moved = { dependencies: { ...pkg.dependencies }, devDependencies: { ...pkg.devDependencies, '@langchain/core': '^1' } };
  delete moved.dependencies['@langchain/core'];
  expect(misplaced(moved, graph).some(([, name, where]) => name === '@langchain/core' && where === 'devDependencies')).toBe(true);
  expect(runtimeSpecifiers('x.ts', "import type { Foo } from 'typescript';\nimport { type Bar } from 'jest';\nexport const x: Foo | Bar = 1 as never;")).toEqual([]);
  expect(runtimeSpecifiers('x.ts', "import { z } from 'zod';\nexport const s = z.string();")).toEqual(['zod']);
});
