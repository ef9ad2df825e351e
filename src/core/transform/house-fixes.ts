/**
 * Applies the house rules' own fixes to a text, pass after pass until nothing changes (at most three passes), and
 * keeps an account of every change for the notes. Where a rule offers several replacements, the one that fits the
 * context is taken (咩 at the end of a question is 嗎, 唔該 at the end of a sentence is 謝謝); Cantonese particles,
 * which have no replacement, are removed where they end a clause.
 */
import { createChecker } from '../checks';
import { applyFixes } from '../checks/fix';
import type { Finding } from '../checks/types';
import { fromPlainText } from '../text/document';
import { isHan } from '../text/script';

export interface Change {
  ruleId: string;
  from: string;
  to: string;
  /** The other replacements the rule offered, when one was chosen from several. */
  alternatives: string[];
}

export interface HouseFixOptions {
  ruleSets: readonly string[];
  lang: 'zh-HK' | 'en';
  /** Remove Cantonese sentence-final particles (hk-zh-formal/particles) where they end a clause. */
  removeParticles?: boolean;
  /** Leave a finding alone (e.g. an outdated name with several successors). */
  skip?: (f: Finding) => boolean;
  maxPasses?: number;
}

export interface HouseFixResult {
  text: string;
  changes: Change[];
  /** What the rule sets still find in the result. */
  remaining: Finding[];
  passes: number;
}

/** Clause-ending marks: after one of these (or a space, or the end of the line) a particle ends its clause. */
const CLAUSE_END = /^(?:$|[\s，。！？；：、,.!?;:~～…」』）)\]】])/;
const PARTICLES = new Set(['㗎', '嘞', '喎', '囉', '囖', '啦', '喇', '吖', '啫', '咋', '嘛', '噃', '啩', '呀', '咧', '嚱', '嗱', '唧', '嘑']);
/** Adjectives after which 啲 means 一點 (快啲 → 快一點). */
const COMPARATIVE = new Set([...'快慢早遲多少好大細小高低平貴近遠耐長短易難輕重清楚']);
/** Words before a final 咩 that make it a yes-no question (係咩 → 是嗎). */
const YES_NO = /(?:係|是|真|得|好|唔|不|會|要|冇|沒有|咗|了|過|有)$/;

function clauseEndsAt(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && PARTICLES.has(text[j])) j++;
  return CLAUSE_END.test(text.slice(j, j + 1));
}

function clauseStartsAt(text: string, i: number): boolean {
  return i === 0 || /[\s，。！？；：、,.!?;:「『（(]/.test(text[i - 1]);
}

/** The fix to take for a finding, in its context (with the span it replaces); undefined to leave the finding alone. */
function chooseFix(f: Finding, text: string, removeParticles: boolean): { replacement: string; end?: number } | undefined {
  // 仲喺度 is 仲 + 喺度, not 仲喺 + 度: 仲喺度開會 → 還在開會, 仲喺度 → 還在這裏.
  if (f.ruleId === 'hk-zh-formal/colloquial-words' && f.text === '仲喺' && text[f.end] === '度') {
    const after = f.end + 1;
    return { replacement: isHan(text.charCodeAt(after)) && !clauseEndsAt(text, after) ? '還在' : '還在這裏', end: after };
  }
  const replacement = chooseReplacement(f, text, removeParticles);
  return replacement === undefined ? undefined : { replacement };
}

function chooseReplacement(f: Finding, text: string, removeParticles: boolean): string | undefined {
  if (f.ruleId === 'hk-zh-formal/particles' || f.ruleId === 'hk-zh-formal/shared-particles') {
    if (!removeParticles) return undefined;
    if (clauseEndsAt(text, f.end) || clauseStartsAt(text, f.start)) return '';
    // A particle in the middle of an unpunctuated message ends a clause all the same: 好啦我哋走 → 好，我們走.
    const next = text.charCodeAt(f.end);
    return isHan(next) ? '，' : '';
  }
  const options = f.fixes.map((x) => x.replacement);
  if (!options.length) return undefined;
  if (f.ruleId === 'hk-zh-formal/colloquial-words') {
    const before = text.slice(0, f.start);
    switch (f.text) {
      case '咩':
        return clauseEndsAt(text, f.end) && YES_NO.test(before) ? '嗎' : '甚麼';
      case '啲':
        if (COMPARATIVE.has(before.slice(-1))) return '一點';
        if (clauseStartsAt(text, f.start)) return '';
        return '些';
      case '咁':
      case '噉':
        // 噉， / 咁， opening a clause is a spoken "so," that written Chinese leaves out.
        if (clauseStartsAt(text, f.start) && /^[，,]/.test(text.slice(f.end, f.end + 1))) return '';
        return f.text === '咁' ? (clauseStartsAt(text, f.start) ? '那麼' : '這樣') : options[0];
      case '唔該':
        return clauseEndsAt(text, f.end) ? '謝謝' : '請';
      case '喺度':
        return isHan(text.charCodeAt(f.end)) && !clauseEndsAt(text, f.end) ? '正在' : '在這裏';
      case '呢陣':
        return '現在';
      case '同':
        return '跟';
      case '佢':
        // An object at the end of a clause (搞掂佢, 食咗佢) may be a thing as well as a person: 他 could corrupt
        // the meaning (辦妥他), so it is left for the officer. A subject is a person: 他, with 她 offered in the notes.
        return clauseEndsAt(text, f.end) && isHan(text.charCodeAt(f.start - 1)) ? undefined : options[0];
      default:
        break;
    }
  }
  return options[0];
}

export function applyHouseFixes(input: string, options: HouseFixOptions): HouseFixResult {
  const checker = createChecker({ ruleSets: [...options.ruleSets] });
  const eol = input.includes('\r\n') ? '\r\n' : '\n';
  const changes: Change[] = [];
  let text = input;
  let passes = 0;
  const max = options.maxPasses ?? 3;
  while (passes < max) {
    const doc = fromPlainText(text);
    const findings = checker.check(doc, { lang: options.lang });
    const byBlock = new Map(doc.blocks.map((b) => [b.id, b.text]));
    const chosen: Finding[] = [];
    for (const f of findings) {
      if (options.skip?.(f)) continue;
      const blockText = byBlock.get(f.block) ?? '';
      const choice = chooseFix(f, blockText, options.removeParticles === true);
      if (choice === undefined) continue;
      const end = choice.end ?? f.end;
      chosen.push({ ...f, end, text: blockText.slice(f.start, end), fixes: [{ replacement: choice.replacement }] });
    }
    if (!chosen.length) break;
    passes++;
    const result = applyFixes(doc, chosen);
    // Count what applyFixes took (it skips a fix that overlaps an earlier one; the next pass sees it again).
    const taken = takenFixes(chosen);
    for (const f of taken) {
      const replacement = f.fixes[0].replacement;
      const original = findings.find((x) => x.block === f.block && x.start === f.start && x.ruleId === f.ruleId);
      changes.push({ ruleId: f.ruleId, from: f.text, to: replacement, alternatives: (original?.fixes ?? []).map((x) => x.replacement).filter((r) => r !== replacement) });
    }
    const next = doc.blocks.map((b) => result.blocks.get(b.id) ?? b.text).join(eol);
    if (next === text) break;
    text = next;
  }
  const remaining = checker.check(fromPlainText(text), { lang: options.lang });
  return { text, changes, remaining, passes };
}

/** The fixes applyFixes takes: per block, in order, skipping any that overlaps the one before. */
function takenFixes(findings: readonly Finding[]): Finding[] {
  const byBlock = new Map<string, Finding[]>();
  for (const f of findings) byBlock.set(f.block, [...(byBlock.get(f.block) ?? []), f]);
  const out: Finding[] = [];
  for (const list of byBlock.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let reach = -1;
    for (const f of list) {
      if (f.start < reach || (f.start === f.end && f.start === reach)) continue;
      out.push(f);
      reach = f.end;
    }
  }
  return out;
}
