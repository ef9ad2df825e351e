/**
 * Retrieval over the sample knowledge bases: the evaluation set (recall@5 with lexical search alone), department
 * scoping (no query from one department ever returns another's passage), and cross-language search.
 */
import type { Hit } from '../../src/gateway/knowledge';
import { alternatives, loadEval, sampleKb, type EvalAnswer, type TestKb } from './helpers';

let t: TestKb;
beforeAll(async () => {
  t = await sampleKb();
});
afterAll(() => t?.close());

const matches = (h: Hit, a: EvalAnswer) => h.file === a.file && h.text.includes(a.contains);

describe('evaluation set', () => {
  const questions = loadEval();

  it('has at least 40 questions in Chinese and English, each answer a passage of the sample knowledge', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    const zh = questions.filter((q) => /[\u4e00-\u9fff]/.test(q.question)).length;
    expect(zh).toBeGreaterThanOrEqual(15);
    expect(questions.length - zh).toBeGreaterThanOrEqual(15);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    // Every answer exists as (part of) one indexed passage.
    for (const q of questions) {
      for (const a of q.answers.flatMap(alternatives)) {
        const found = t.kb.store.db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM chunks WHERE path = ? AND instr(text, ?) > 0`).get(a.file, a.contains);
        if (!found?.n) throw new Error(`${q.id}: no passage of ${a.file} contains "${a.contains}"`);
      }
    }
  });

  it('gives recall@5 >= 0.9 with lexical search alone', () => {
    let sum = 0;
    let crossSum = 0;
    let cross = 0;
    const misses: string[] = [];
    for (const q of questions) {
      const hits = t.kb.searchLexical(q.department, q.question, 5);
      const found = q.answers.filter((a) => hits.some((h) => alternatives(a).some((x) => matches(h, x)))).length;
      const recall = found / q.answers.length;
      sum += recall;
      if (q.cross) {
        cross++;
        crossSum += recall;
      }
      if (recall < 1) misses.push(`${q.id} (${q.question}): got ${hits.map((h) => h.id).join(', ') || 'nothing'}`);
    }
    const recall = sum / questions.length;
    console.log(
      `knowledge eval: recall@5 = ${recall.toFixed(3)} over ${questions.length} questions (lexical only); cross-language questions ${(crossSum / cross).toFixed(3)} over ${cross}` +
        (misses.length ? `\nmissed:\n  ${misses.join('\n  ')}` : ''),
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('department scoping', () => {
  const departments = ['fehd', 'td'];
  const allowed = (dept: string, h: Hit) => h.department === dept || h.shared;

  it('no evaluation question, asked from any department, returns another department’s passage', () => {
    for (const q of loadEval()) {
      for (const dept of [...departments, 'nobody']) {
        for (const h of t.kb.searchLexical(dept, q.question, 20)) expect(allowed(dept, h) ? 'ok' : `${dept} got ${h.id}`).toBe('ok');
      }
    }
  });

  it('no random query cut from one department’s own passages ever returns them to the other', () => {
    let random = 12345;
    const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
    let queries = 0;
    for (const owner of departments) {
      const texts = t.kb.store.db.prepare<[string], { text: string; title: string; heading: string }>(`SELECT text, title, heading FROM chunks WHERE department = ? AND shared = 0`).all(owner);
      expect(texts.length).toBeGreaterThan(50);
      for (const other of departments.filter((d) => d !== owner)) {
        for (let i = 0; i < 300; i++) {
          const row = texts[Math.floor(next() * texts.length)];
          const source = [row.text, row.title, row.heading][Math.floor(next() * 3)] || row.text;
          const start = Math.floor(next() * Math.max(1, source.length - 30));
          const query = i % 10 === 0 ? source : source.slice(start, start + 4 + Math.floor(next() * 40));
          for (const h of t.kb.searchLexical(other, query, 10)) expect(allowed(other, h) ? 'ok' : `${other} got ${h.id} for "${query}"`).toBe('ok');
          queries++;
        }
      }
    }
    expect(queries).toBe(600);
  });

  it('a passage quoted word for word is found by its own department and by no other', () => {
    const [row] = t.kb.store.db.prepare<[], { text: string }>(`SELECT text FROM chunks WHERE department = 'td' AND text LIKE '%HKeToll%' LIMIT 1`).all();
    expect(t.kb.searchLexical('td', row.text, 1)[0].text).toBe(row.text);
    expect(t.kb.searchLexical('fehd', row.text, 50).filter((h) => h.department === 'td')).toEqual([]);
  });

  it('shared passages are seen from every department', () => {
    for (const dept of ['fehd', 'td', 'another']) {
      expect(t.kb.searchLexical(dept, 'interim reply within 10 calendar days', 3)[0]).toMatchObject({ file: 'shared/knowledge/complaint-handling.md', shared: true });
    }
  });
});

describe('cross-language retrieval through the glossary', () => {
  it('an English query finds Chinese-only passages on the same thing', () => {
    const hits = t.kb.searchLexical('td', 'personalised vehicle registration mark', 5);
    expect(hits[0]).toMatchObject({ lang: 'zh-HK', file: 'td/knowledge/faq/車輛牌照常見問題.zh-HK.md' });
    expect(hits[0].text).toContain('自訂車輛登記號碼');
  });

  it('a Chinese query finds English-only passages on the same thing', () => {
    const hits = t.kb.searchLexical('fehd', '非法擺賣的執法行動', 5);
    expect(hits.some((h) => h.lang === 'en' && h.file === 'fehd/knowledge/standard-replies/hawker-control-replies.en.txt')).toBe(true);
  });

  it('a deprecated name finds the passages that use the official one', () => {
    const hits = t.kb.searchLexical('td', 'Autotoll tag lost', 5);
    expect(hits.some((h) => h.file === 'td/knowledge/circulars/hketoll-circular.txt')).toBe(true);
  });
});
