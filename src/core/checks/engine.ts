import type { Block, DocumentModel } from '../text/document';
import { asciiLower, detectLanguage, isLatinWordChar } from '../text/script';
import { AhoCorasick } from './aho-corasick';
import { safeFixes } from './fix-safety';
import type { CheckContext, CompiledRule, DocumentState, Emit, Finding, LiteralHit } from './types';

interface LiteralEntry {
  rule: number;
  /** The pattern as written, for case-sensitive verification. */
  original: string;
  ignorecase: boolean;
  exception: boolean;
  payload?: unknown;
  /** Latin letters or digits at the ends need word boundaries. */
  boundStart: boolean;
  boundEnd: boolean;
}

interface RuleHits {
  hits: LiteralHit[];
  exceptions: Array<{ start: number; end: number }>;
}

/**
 * Runs compiled rules over a document. All literal patterns of all rules share one automaton, so the text
 * of each block is scanned once for every substitution, existence, script and consistency rule together.
 */
export class Engine {
  private readonly automaton: AhoCorasick;
  private readonly entries: LiteralEntry[][] = [];

  constructor(readonly rules: readonly CompiledRule[]) {
    const index = new Map<string, number>();
    const patterns: string[] = [];
    rules.forEach((rule, r) => {
      for (const lit of rule.literals ?? []) {
        const key = asciiLower(lit.pattern);
        let i = index.get(key);
        if (i === undefined) {
          i = patterns.length;
          index.set(key, i);
          patterns.push(key);
          this.entries.push([]);
        }
        this.entries[i].push({
          rule: r,
          original: lit.pattern,
          ignorecase: lit.ignorecase,
          exception: lit.exception,
          payload: lit.payload,
          boundStart: isLatinWordChar(lit.pattern.charCodeAt(0)),
          boundEnd: isLatinWordChar(lit.pattern.charCodeAt(lit.pattern.length - 1)),
        });
      }
    });
    this.automaton = new AhoCorasick(patterns);
  }

  check(doc: DocumentModel, context: CheckContext = {}): Finding[] {
    const findings: Finding[] = [];
    const state: DocumentState = { scratch: new Map(), blockLang: new Map(), context, blocks: new Map() };
    const order = new Map(doc.blocks.map((b, i) => [b.id, i]));
    const emitFor =
      (rule: CompiledRule): Emit =>
      (f) =>
        findings.push({ ...f, ruleId: rule.id, level: f.level ?? rule.level });
    const emits = this.rules.map(emitFor);

    for (const block of doc.blocks) {
      if (!block.text) continue;
      const lang = detectLanguage(block.text);
      state.blockLang.set(block.id, lang);
      const active = this.rules.map((rule) => appliesTo(rule, block, lang));
      this.scanLiterals(block, active, emits, state);
      this.rules.forEach((rule, r) => {
        if (active[r] && rule.checkBlock) rule.checkBlock(block, emits[r], state);
      });
    }
    this.rules.forEach((rule, r) => rule.checkDocument?.(doc, emits[r], state, context));

    return findings.sort(
      (a, b) => (order.get(a.block) ?? 0) - (order.get(b.block) ?? 0) || a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId),
    );
  }

  /** Literal hits of the active rules in a text, with their context conditions and exceptions applied. */
  private literalHits(block: Block, active: boolean[], state: DocumentState, onlyRule = -1): Map<number, LiteralHit[]> {
    const text = block.text;
    const byRule = new Map<number, RuleHits>();
    this.automaton.search(asciiLower(text), (m) => {
      for (const e of this.entries[m.pattern]) {
        if (!active[e.rule] || (onlyRule >= 0 && e.rule !== onlyRule)) continue;
        if (!e.ignorecase && text.slice(m.start, m.end) !== e.original) continue;
        if (e.boundStart && m.start > 0 && isLatinWordChar(text.charCodeAt(m.start - 1))) continue;
        if (e.boundEnd && m.end < text.length && isLatinWordChar(text.charCodeAt(m.end))) continue;
        let hits = byRule.get(e.rule);
        if (!hits) byRule.set(e.rule, (hits = { hits: [], exceptions: [] }));
        if (e.exception) hits.exceptions.push({ start: m.start, end: m.end });
        else hits.hits.push({ start: m.start, end: m.end, pattern: e.original, payload: e.payload });
      }
    });
    const out = new Map<number, LiteralHit[]>();
    for (const [r, { hits, exceptions }] of byRule) {
      const rule = this.rules[r];
      // Context conditions first, so a shorter token can take the place of a longer one that does not count there
      // (唔知 in 唔知道 is not a word; 唔 still is).
      const counted = rule.acceptLiteral ? hits.filter((h) => rule.acceptLiteral!(h, block, state)) : hits;
      out.set(r, leftmostLongest(counted, exceptions));
    }
    return out;
  }

  private scanLiterals(block: Block, active: boolean[], emits: Emit[], state: DocumentState): void {
    if (this.automaton.size === 0) return;
    // Whether rule r still finds something across [from, to) of a fixed window of this block's text. (Another rule
    // may: 雇员 -> 雇員 is then hk-forms' 僱員, a next step, not a corruption.)
    const stillFound = (r: number) => (window: string, from: number, to: number): boolean => {
      const probe: Block = { ...block, id: `${block.id}#fix`, text: window };
      const scratch: DocumentState = { ...state, blocks: new Map() };
      const hits = this.literalHits(probe, active, scratch, r).get(r) ?? [];
      return hits.some((h) => h.start < to && h.end > from);
    };
    for (const [r, hits] of this.literalHits(block, active, state)) {
      const rule = this.rules[r];
      const levelAt = rule.levelAt;
      const emit: Emit = (f) => {
        const fixes = f.fixes.length ? safeFixes(block.text, f.start, f.end, f.fixes, stillFound(r)) : f.fixes;
        emits[r]({ ...f, fixes, level: levelAt ? levelAt(f, block, state, f.level ?? rule.level) : f.level });
      };
      for (const hit of hits) rule.onLiteral?.(hit, block, emit, state);
    }
  }
}

function appliesTo(rule: CompiledRule, block: Block, lang: 'zh' | 'en' | 'none'): boolean {
  if (rule.kinds && !rule.kinds.includes(block.kind)) return false;
  if (rule.scope === 'zh') return lang === 'zh';
  if (rule.scope === 'en') return lang === 'en';
  return true;
}

/** Drops hits inside an exception, then keeps the leftmost, longest of overlapping hits. */
function leftmostLongest(hits: LiteralHit[], exceptions: ReadonlyArray<{ start: number; end: number }>): LiteralHit[] {
  const kept = exceptions.length ? hits.filter((h) => !exceptions.some((x) => x.start <= h.start && h.end <= x.end)) : hits;
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LiteralHit[] = [];
  let reach = -1;
  for (const h of kept) {
    if (h.start < reach) continue;
    out.push(h);
    reach = h.end;
  }
  return out;
}
