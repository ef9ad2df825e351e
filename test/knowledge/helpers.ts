import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KnowledgeBase, type KnowledgeBaseOptions, type TermPair } from '../../src/gateway/knowledge';
import { loadPacksFromDir } from '../../src/node/pack-source';

export const TEMPLATES = resolve(__dirname, '../../templates');

export const samples = require('../../scripts/make-knowledge-samples.js') as {
  makePdf(spec: { title: string; blocks: Array<[string, string]> }): Buffer;
  makeDocx(spec: { title: string; blocks: Array<[string, string]> }): Promise<Buffer>;
};

let glossaryMap: Map<string, readonly TermPair[]> | undefined;

/** The department glossaries of the bundled packs. */
export function bundledGlossaries(): Map<string, readonly TermPair[]> {
  glossaryMap ??= new Map(loadPacksFromDir(TEMPLATES).departments.map((d) => [d.id, d.glossary]));
  return glossaryMap;
}

export function tempDir(prefix = 'wenshu-kb-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A templates folder with the given files (relative path -> content). */
export function writeTemplates(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export interface TestKb {
  kb: KnowledgeBase;
  dir: string;
  close(): Promise<void>;
}

/** A knowledge base over the bundled sample knowledge, in a temporary index file, indexed. */
export async function sampleKb(options: Partial<KnowledgeBaseOptions> = {}): Promise<TestKb> {
  const dir = tempDir();
  const kb = new KnowledgeBase({ templatesDir: TEMPLATES, dbPath: join(dir, 'knowledge.db'), glossaries: bundledGlossaries(), ...options });
  await kb.refresh();
  return {
    kb,
    dir,
    async close() {
      await kb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface EvalAnswer {
  file: string;
  contains: string;
}

export interface EvalQuestion {
  id: string;
  department: string;
  question: string;
  cross?: boolean;
  answers: Array<EvalAnswer | { anyOf: EvalAnswer[] }>;
}

export function loadEval(): EvalQuestion[] {
  const YAML = require('yaml') as typeof import('yaml');
  const text = require('node:fs').readFileSync(resolve(__dirname, '../fixtures/knowledge-eval/questions.yaml'), 'utf8') as string;
  return YAML.parse(text) as EvalQuestion[];
}

export function alternatives(a: EvalQuestion['answers'][number]): EvalAnswer[] {
  return 'anyOf' in a ? a.anyOf : [a];
}
