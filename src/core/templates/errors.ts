/**
 * Diagnostics for template packs: `file:line:column: what is wrong`, written for the officer who edits the
 * YAML, not for the developer (no stack traces, no zod jargon).
 */
import type { z } from 'zod';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in Unicode code points. */
  column: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** `fields[2].type`, `names.zh-HK`, `houseRules.rules["my rule"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** How a YAML value reads back to its author. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return 'a mapping';
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'empty',
};

type Issue = z.core.$ZodIssue;

/**
 * One line per zod issue. `input` is the value found at the issue's path (undefined when the key is missing).
 * For unrecognised keys, the caller reports one diagnostic per key (see `issueKeys`).
 */
export function describeIssue(issue: Issue, input: unknown, known?: readonly string[]): string {
  const path = formatPath(issue.path);
  const subject = path || 'the file';
  const got = ` (got ${describeValue(input)})`;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `${subject} is required`;
      return `${subject} must be ${EXPECTED[issue.expected] ?? issue.expected}${got}`;
    case 'invalid_value':
      if (issue.values.length === 1) return `${subject} must be ${JSON.stringify(issue.values[0])}${got}`;
      return `${subject} must be one of ${issue.values.map(String).join(', ')}${got}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `${subject} must be one of ${options.map(String).join(', ')}${got}`;
      return `${subject} is not valid${got}`;
    }
    case 'invalid_format':
      return `${subject} ${issue.message}${got}`;
    case 'too_small':
      if (issue.origin === 'array') return Number(issue.minimum) <= 1 ? `${subject} must not be empty` : `${subject} must have at least ${issue.minimum} items`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${subject} must not be empty` : `${subject} must be at least ${issue.minimum} characters`;
      return `${subject} must be at least ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `${subject} must have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `${subject} must be at most ${issue.maximum} characters`;
      return `${subject} must be at most ${issue.maximum}${got}`;
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const hint = known ? didYouMean(key, known) : '';
      const where = path ? `${path}: ` : '';
      return `${where}unknown key "${key}"${hint || (known?.length ? ` (expected one of ${known.join(', ')})` : '')}`;
    }
    case 'invalid_key':
      return `${subject} has an invalid key: ${issue.issues[0]?.message ?? issue.message}`;
    case 'custom':
      return `${subject} ${issue.message}`;
    default:
      return `${subject}: ${issue.message}`;
  }
}

/** "; did you mean "x"?" for a near miss (edit distance at most 2, or a case-only difference). */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.min(2, Math.max(1, Math.floor(word.length / 3))) ? `; did you mean "${best}"?` : '';
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
