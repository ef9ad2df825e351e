import { blockStarts, codePointsBetween, PositionMap } from '../../src/cli/positions';
import { fromMarkdown, fromParagraphs } from '../../src/core/text/document';

describe('PositionMap', () => {
  it('counts astral characters (𠝹, emoji) as one code point', () => {
    const text = '𠝹😀佢\n第二行';
    const map = new PositionMap(text);
    expect(map.at(0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(map.at(2)).toEqual({ offset: 1, line: 1, column: 2 }); // 😀
    expect(map.at(4)).toEqual({ offset: 2, line: 1, column: 3 }); // 佢
    expect(map.at(6)).toEqual({ offset: 4, line: 2, column: 1 }); // 第
    expect(map.length(0, 5)).toBe(3);
  });

  it('gives CRLF files the same columns as LF files, and counts the CR in offsets', () => {
    const crlf = new PositionMap('甲乙\r\n丙丁\r\n');
    expect(crlf.at(5)).toEqual({ offset: 5, line: 2, column: 2 });
    const lf = new PositionMap('甲乙\n丙丁\n');
    expect(lf.at(4)).toEqual({ offset: 4, line: 2, column: 2 });
  });

  it('puts the end of the text on the last line and clamps offsets', () => {
    const map = new PositionMap('ab\n');
    expect(map.at(3)).toEqual({ offset: 3, line: 2, column: 1 });
    expect(map.at(99)).toEqual({ offset: 3, line: 2, column: 1 });
    expect(map.at(-1)).toEqual({ offset: 0, line: 1, column: 1 });
  });

  it('codePointsBetween counts a pair once', () => {
    expect(codePointsBetween('a😀b𠝹', 0, 6)).toBe(4);
    expect(codePointsBetween('', 0, 3)).toBe(0);
  });
});

describe('blockStarts', () => {
  it('uses the offsets the readers set (Markdown markers skipped)', () => {
    const model = fromMarkdown('# 題\n- 點');
    expect([...blockStarts(model)]).toEqual([
      ['b0', 2],
      ['b1', 6],
    ]);
  });

  it('falls back to blocks joined by "\\n"', () => {
    const model = fromParagraphs([
      { kind: 'paragraph', text: '𠝹😀' },
      { kind: 'paragraph', text: '乙' },
    ]);
    for (const b of model.blocks) delete b.offset;
    expect([...blockStarts(model)]).toEqual([
      ['b0', 0],
      ['b1', 5],
    ]);
  });
});

describe('PositionMap on long lines', () => {
  it('agrees with counting from the start, across checkpoints and surrogate pairs', () => {
    const text = `${'甲😀'.repeat(100)}\n${'a𠝹'.repeat(70)}\r\n末`;
    const map = new PositionMap(text);
    for (let i = 0; i <= text.length; i++) {
      const before = text.slice(0, i);
      const line = before.split('\n').length;
      const lineStart = before.lastIndexOf('\n') + 1;
      const cps = Array.from(text.slice(0, i)).length;
      const expected = { offset: cps, line, column: cps - Array.from(text.slice(0, lineStart)).length + 1 };
      // Inside a pair, Array.from counts the lone high surrogate too: the pair before counts once.
      expect(map.at(i)).toEqual(expected);
    }
    expect(map.length(0, text.length)).toBe(Array.from(text).length);
  });

  it('locates thousands of findings on one 100,000-character line quickly', () => {
    const text = '佢'.repeat(100_000);
    const map = new PositionMap(text);
    const t0 = Date.now();
    for (let i = 0; i < 100_000; i += 10) map.at(i);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(map.at(99_999)).toEqual({ offset: 99_999, line: 1, column: 100_000 });
  });
});
