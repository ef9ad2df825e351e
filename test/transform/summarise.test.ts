import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../../src/core/text/sentences';
import { summariseExtractive } from '../../src/core/transform';

const corpus = (lang: 'zh' | 'en') => join(__dirname, `../fixtures/corpus/good-${lang}`);
const files = [...readdirSync(corpus('zh')).map((f) => join(corpus('zh'), f)), ...readdirSync(corpus('en')).map((f) => join(corpus('en'), f))];

/** Every sentence of the input, by line, as splitSentences gives them. */
function sentencesOf(text: string): string[] {
  return text.split('\n').flatMap((line) => splitSentences(line.replace(/^(?:#{1,6}|\s*(?:[-*+]|\d+[.)]))[ \t]+/, '')).map((s) => s.text));
}

describe('summariseExtractive', () => {
  it.each(files.map((f) => [f.split('/').slice(-2).join('/'), f]))('%s: keeps sentences verbatim and in their original order', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const n of [1, 3, 5]) {
      const r = summariseExtractive(text, { sentences: n, form: 'bullets' });
      const all = sentencesOf(text);
      const kept = r.text.split('\n').map((l) => l.replace(/^- /, ''));
      expect(kept.length).toBe(Math.min(n, all.length));
      // Verbatim: each is a sentence of the input, at the offsets given.
      r.sentences.forEach((s, i) => {
        expect(text.slice(s.start, s.end)).toBe(s.text);
        expect(kept[i]).toBe(s.text);
        expect(all).toContain(s.text);
      });
      // In order.
      for (let i = 1; i < r.sentences.length; i++) expect(r.sentences[i].start).toBeGreaterThan(r.sentences[i - 1].start);
    }
  });

  it('picks the central sentences of a press release, not the peripheral ones', () => {
    const text = readFileSync(join(corpus('zh'), '05-press-release-rodent.txt'), 'utf8');
    const r = summariseExtractive(text, { sentences: 3, form: 'paragraph' });
    expect(r.text).toMatch(/滅鼠/);
    expect(r.text).not.toMatch(/\n/);
    expect(r.partial).toBe(false);
    expect(r.notes[0].en).toMatch(/^Extractive summary: the 3 most central of \d+ sentences, kept word for word and in their original order/);
    // A paragraph is the sentences joined as they are: Chinese without spaces.
    expect(r.text).toBe(r.sentences.map((s) => s.text).join(''));
  });

  it('joins English sentences with a space', () => {
    const text = 'The Department received 25 complaints. Most of them concerned refuse. Staff cleared the refuse on the same day. The Department will step up inspections of the refuse collection points.';
    const r = summariseExtractive(text, { sentences: 2, form: 'paragraph' });
    expect(r.text).toBe(r.sentences.map((s) => s.text).join(' '));
    expect(r.sentences.every((s) => text.includes(s.text))).toBe(true);
  });

  it('keeps a short text whole and says so', () => {
    const r = summariseExtractive('本署已收悉來信。會盡快回覆。', { sentences: 3, form: 'bullets' });
    expect(r.text).toBe('- 本署已收悉來信。\n- 會盡快回覆。');
    expect(r.notes[0].en).toBe('The text has only 2 sentences; all are kept and nothing was left out.');
  });

  it('is deterministic', () => {
    const text = readFileSync(join(corpus('en'), '01-press-release-digital-policy.txt'), 'utf8');
    expect(summariseExtractive(text, { sentences: 4, form: 'bullets' })).toEqual(summariseExtractive(text, { sentences: 4, form: 'bullets' }));
  });

  it('says so when there is nothing to summarise', () => {
    const r = summariseExtractive('   \n', { form: 'bullets' });
    expect(r.text).toBe('');
    expect(r.notes[0].en).toMatch(/nothing was summarised/);
  });
});
