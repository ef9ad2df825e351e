import { compileRule } from '../../../src/core/checks/compile';
import { Engine } from '../../../src/core/checks/engine';
import { RuleSpecSchema, type RuleSpecInput } from '../../../src/core/checks/spec';
import type { CheckContext, Finding } from '../../../src/core/checks/types';
import { fromPlainText } from '../../../src/core/text/document';

export interface Expected {
  /** The text the finding covers. */
  text: string;
  /** Line (0-based block index) of the finding, when the document has several. */
  block?: number;
  start?: number;
  fix?: string | string[];
  en?: string;
  zh?: string;
  level?: Finding['level'];
}

export interface Table {
  valid: Array<string | { text: string; context?: CheckContext }>;
  invalid: Array<{ text: string; context?: CheckContext; errors: Expected[] }>;
}

export function runRule(spec: RuleSpecInput, text: string, context?: CheckContext): Finding[] {
  const rule = compileRule('test/rule', RuleSpecSchema.parse(spec));
  return new Engine([rule]).check(fromPlainText(text), context);
}

/** textlint-style table: valid texts give no finding, invalid ones exactly the expected findings. */
export function ruleTable(spec: RuleSpecInput, table: Table): void {
  describe('valid', () => {
    test.each(table.valid.map((v) => (typeof v === 'string' ? { text: v } : v)).map((v) => [v.text, v]))('%s', (_t, v) => {
      expect(runRule(spec, v.text, v.context)).toEqual([]);
    });
  });
  describe('invalid', () => {
    test.each(table.invalid.map((c) => [c.text, c] as const))('%s', (_t, c) => {
      const found = runRule(spec, c.text, c.context);
      expect(found.map((f) => f.text)).toEqual(c.errors.map((e) => e.text));
      found.forEach((f, i) => {
        const e = c.errors[i];
        expect(f.ruleId).toBe('test/rule');
        expect(f.block).toBe(`b${e.block ?? 0}`);
        const blockText = c.text.split('\n')[e.block ?? 0];
        expect(blockText.slice(f.start, f.end)).toBe(e.text);
        if (e.start !== undefined) expect(f.start).toBe(e.start);
        if (e.fix !== undefined) expect(f.fixes.map((x) => x.replacement)).toEqual(Array.isArray(e.fix) ? e.fix : [e.fix]);
        if (e.en !== undefined) expect(f.message.en).toBe(e.en);
        if (e.zh !== undefined) expect(f.message['zh-HK']).toBe(e.zh);
        if (e.level !== undefined) expect(f.level).toBe(e.level);
      });
    });
  });
}

export const msg = (zh: string, en: string) => ({ 'zh-HK': zh, en });
