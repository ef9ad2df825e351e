import type { Block } from '../../text/document';
import type { CompiledRule, Fix, LiteralHit } from '../types';

export type Literal = NonNullable<CompiledRule['literals']>[number];

export function literalsFor(tokens: readonly string[], ignorecase: boolean, exceptions: readonly string[], payloadOf?: (token: string) => unknown): Literal[] {
  return [
    ...tokens.map((pattern) => ({ pattern, ignorecase, exception: false, payload: payloadOf?.(pattern) })),
    ...exceptions.map((pattern) => ({ pattern, ignorecase, exception: true })),
  ];
}

/** Compiles user regexes with the unicode flag; a bad one names the rule. */
export function compileRegex(source: string, ruleId: string, flags = ''): RegExp {
  try {
    return new RegExp(source, `${flags.replace(/[gu]/g, '')}gu`);
  } catch (err) {
    throw new Error(`${ruleId}: invalid regular expression /${source}/: ${(err as Error).message}`);
  }
}

/** Every match of a global regex in a text, without looping forever on empty matches. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

/** Keeps the casing of what was found when the rule matched regardless of case ("Color" -> "Colour"). */
export function matchCase(found: string, replacement: string): string {
  if (found.length > 1 && found === found.toUpperCase() && found !== found.toLowerCase()) return replacement.toUpperCase();
  const first = found[0];
  if (first && first !== first.toLowerCase() && replacement[0] === replacement[0].toLowerCase()) {
    return replacement[0].toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

export function fixesFor(found: string, replacement: string | readonly string[], ignorecase: boolean): Fix[] {
  const list = typeof replacement === 'string' ? [replacement] : replacement;
  return list.map((r) => ({ replacement: ignorecase ? matchCase(found, r) : r }));
}

export function hitText(block: Block, hit: LiteralHit): string {
  return block.text.slice(hit.start, hit.end);
}

/** The first block with visible text, where document-level findings without a place of their own go. */
export function firstTextBlock(blocks: readonly Block[]): Block | undefined {
  return blocks.find((b) => b.text.trim().length > 0) ?? blocks[0];
}

export function lastTextBlock(blocks: readonly Block[]): Block | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i].text.trim().length > 0) return blocks[i];
  return undefined;
}
