import { blocksToHtml, markdownToBlocks } from '../../../src/addin/panes/shared/markdown';
import { extractSummary } from '../../../src/addin/panes/shared/summary';
import { fixDraft } from '../../../src/addin/panes/shared/draft-fixes';
import { editsFor, findingKey, groupByRuleSet } from '../../../src/addin/panes/check/logic';
import type { Finding } from '../../../src/core/checks/types';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'hk-zh-formal/colloquial-words',
  level: 'error',
  message: { 'zh-HK': 'x', en: 'x' },
  block: 'b0',
  start: 0,
  end: 1,
  text: 'x',
  fixes: [],
  ...over,
});

describe('draft Markdown -> blocks', () => {
  test('headings, bullets (with nesting), numbered paragraphs kept as written, inline markup removed', () => {
    expect(
      markdownToBlocks('# Memo\n\n**Subject**\n\n- one\n  - two\n2. The Department will act.\n> quoted\n---\n[Manual](http://x) says `so`\r\n'),
    ).toEqual([
      { kind: 'heading', text: 'Memo', level: 1 },
      { kind: 'paragraph', text: 'Subject' },
      { kind: 'list-item', text: 'one', level: 1 },
      { kind: 'list-item', text: 'two', level: 2 },
      { kind: 'paragraph', text: '2. The Department will act.' },
      { kind: 'paragraph', text: 'quoted' },
      { kind: 'paragraph', text: 'Manual says so' },
    ]);
  });

  test('reply-form HTML is built by escaping every character', () => {
    const html = blocksToHtml([
      { kind: 'heading', text: 'A & B', level: 1 },
      { kind: 'paragraph', text: '<script>alert(1)</script>' },
      { kind: 'list-item', text: '<img src=x onerror=alert(1)>' },
    ]);
    expect(html).toBe('<h2>A &amp; B</h2><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>');
  });
});

describe('fixes on a draft', () => {
  test("applied to the blocks' text, Markdown markers kept", () => {
    const md = '# 我哋嘅回覆\n\n- 我哋會跟進';
    const findings = [
      finding({ block: 'b0', start: 0, end: 2, text: '我哋', fixes: [{ replacement: '我們' }] }),
      finding({ block: 'b0', start: 2, end: 3, text: '嘅', fixes: [{ replacement: '的' }] }),
      finding({ block: 'b2', start: 0, end: 2, text: '我哋', fixes: [{ replacement: '我們' }] }),
      finding({ ruleId: 'hk-gov-structure/x', block: 'b2', start: 0, end: 0, text: '', fixes: [] }),
    ];
    const out = fixDraft(md, findings);
    expect(out.text).toBe('# 我們的回覆\n\n- 我們會跟進');
    expect(out.applied).toBe(3);
    expect(out.remaining).toHaveLength(1);
  });
});

describe('check bookkeeping', () => {
  test('edits: first fix (or the chosen one), overlapping ones dropped', () => {
    const a = finding({ start: 0, end: 2, text: 'ab', fixes: [{ replacement: 'AB' }, { replacement: 'Ab' }] });
    const b = finding({ start: 1, end: 3, text: 'bc', fixes: [{ replacement: 'BC' }] });
    const c = finding({ block: 'b1', start: 4, end: 5, text: 'e', fixes: [{ replacement: 'E' }] });
    expect(editsFor([b, a, c], (f) => (f === a ? 1 : 0))).toEqual([
      { block: 'b0', start: 0, end: 2, text: 'ab', replacement: 'Ab' },
      { block: 'b1', start: 4, end: 5, text: 'e', replacement: 'E' },
    ]);
  });

  test('groups by rule set, worst first; keys are rule + text', () => {
    const groups = groupByRuleSet([
      finding({ ruleId: 'hk-en-style/a', level: 'suggestion' }),
      finding({ ruleId: 'pii/hkid', level: 'warning' }),
      finding({ ruleId: 'pii/phone', level: 'error' }),
    ]);
    expect(groups.map((g) => [g.ruleSet, g.counts])).toEqual([
      ['pii', { error: 1, warning: 1, suggestion: 0 }],
      ['hk-en-style', { error: 0, warning: 0, suggestion: 1 }],
    ]);
    expect(findingKey({ ruleId: 'pii/hkid', text: 'A123456(7)' })).toBe('pii/hkid|A123456(7)');
  });
});

describe('offline summary of an incoming message', () => {
  test('first sentences, without greeting or quoted history', () => {
    expect(extractSummary('敬啟者：\n\n本人住在永樂街。後巷垃圾堆積兩星期。老鼠出沒。請盡快清理。\n\n-----Original Message-----\n舊郵件')).toBe('本人住在永樂街。後巷垃圾堆積兩星期。老鼠出沒。');
    expect(extractSummary('')).toBe('');
  });
});
