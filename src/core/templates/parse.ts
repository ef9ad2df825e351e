/**
 * YAML -> validated value, with every problem pointed at its place in the file. The YAML is parsed into a
 * document (not straight to JS) so that a zod issue path can be walked back to the node it came from.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { describeIssue, type Diagnostic } from './errors';

export interface Position {
  line: number;
  column: number;
}

export interface YamlFile<T> {
  file: string;
  /** Present when the file parsed and validated without a problem. */
  value?: T;
  /** The plain data before validation (defaults not applied); undefined when the YAML did not parse. */
  data?: unknown;
  diagnostics: Diagnostic[];
  /** Where the node at `path` starts (the key, for a mapping entry); the nearest existing parent otherwise. */
  at(path: readonly PropertyKey[]): Position;
  /** A diagnostic at `path`. */
  diagnostic(path: readonly PropertyKey[], message: string): Diagnostic;
}

/** Line and code-point column (both 1-based) of a UTF-16 offset. */
export function positionAt(text: string, offset: number, counter?: LineCounter): Position {
  let lineStart = 0;
  let line = 1;
  if (counter) {
    const pos = counter.linePos(offset);
    line = pos.line;
    lineStart = counter.lineStarts[line - 1] ?? 0;
  } else {
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  }
  return { line, column: countCodePoints(text.slice(lineStart, offset)) + 1 };
}

export function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** Removes a byte-order mark and Windows line ends, which editors on government desktops add. */
export function normaliseText(text: string): string {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

export function parseYamlFile<S extends z.ZodType>(file: string, source: string, schema: S): YamlFile<z.output<S>> {
  const text = normaliseText(source);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const at = (path: readonly PropertyKey[]): Position => positionAt(text, locate(doc, path), counter);
  const diagnostic = (path: readonly PropertyKey[], message: string): Diagnostic => ({ file, ...at(path), message });
  const result: YamlFile<z.output<S>> = { file, diagnostics: [], at, diagnostic };

  if (doc.errors.length) {
    for (const err of doc.errors) {
      result.diagnostics.push({ file, ...positionAt(text, err.pos[0], counter), message: `YAML syntax: ${err.message}` });
    }
    return result;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    result.diagnostics.push({ file, line: 1, column: 1, message: `YAML: ${(err as Error).message}` });
    return result;
  }
  result.data = data;
  const parsed = schema.safeParse(data);
  if (parsed.success) {
    result.value = parsed.data;
    return result;
  }
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One diagnostic per unknown key, at the key itself.
      const known = knownKeys(schema, issue.path, data);
      for (const key of issue.keys) {
        result.diagnostics.push(diagnostic([...issue.path, key], describeIssue({ ...issue, keys: [key] }, undefined, known)));
      }
      continue;
    }
    result.diagnostics.push(diagnostic(issue.path, describeIssue(issue, valueAt(data, issue.path))));
  }
  result.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** UTF-16 offset of the node at `path`: the key of a mapping entry, the item of a list; else its nearest parent. */
function locate(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}

// Zod internals, read only to name the keys an object accepts when an unknown key is found.
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  keyType?: { _zod: { def: Def & { entries?: Record<string, unknown> } } };
  options?: Array<{ _zod: { def: Def } }>;
  discriminator?: string;
}

function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] | undefined {
  let def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  let value: unknown = data;
  const unwrap = () => {
    for (;;) {
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) def = def.innerType._zod.def;
      else if (def.type === 'pipe' && def.in) def = def.in._zod.def;
      else if (def.type === 'union' && def.discriminator && def.options && value && typeof value === 'object') {
        const tag = (value as Record<string, unknown>)[def.discriminator];
        const option = def.options.find((o) => {
          const lit = o._zod.def.shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined;
          return lit?.values?.includes(tag);
        });
        if (!option) return;
        def = option._zod.def;
      } else return;
    }
  };
  unwrap();
  for (const seg of path) {
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
    if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) def = def.shape[seg]._zod.def;
    else if (def.type === 'array' && def.element) def = def.element._zod.def;
    else if (def.type === 'record' && def.valueType) def = def.valueType._zod.def;
    else return undefined;
    unwrap();
  }
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  const keys = def.type === 'record' ? def.keyType?._zod.def.entries : undefined;
  return keys ? Object.keys(keys) : undefined;
}
