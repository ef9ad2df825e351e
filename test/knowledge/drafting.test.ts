/** What drafting retrieves with, and how a passage becomes standard wording. */
import { draftQuery, retrieveForDraft, standardWording } from '../../src/gateway/knowledge/drafting';
import { loadPacksFromDir } from '../../src/node/pack-source';
import { sampleKb, TEMPLATES, type TestKb } from './helpers';

const packs = loadPacksFromDir(TEMPLATES);
const template = packs.departments.find((d) => d.id === 'fehd')!.templates.find((t) => t.id === 'reply-public')!;

let t: TestKb;
beforeAll(async () => {
  t = await sampleKb();
});
afterAll(() => t?.close());

describe('draftQuery', () => {
  it('uses key points, free-text fields and the message answered, never names, addresses, phones or references', () => {
    const q = draftQuery({
      template,
      lang: 'en',
      fields: { subject: 'Rats in the back lane', addressee: 'Mr CHAN Tai-man', address: 'Flat A, 1 Queen’s Road', contactOfficer: 'Mr LEE', contactPhone: '2868 0000', ourRef: '(1) in FEHD/2', signatoryName: 'Miss WONG' },
      keyPoints: ['We laid rat bait.'],
      replyTo: { subject: 'Rats again', body: 'There are rats near the refuse collection point.' },
    });
    expect(q).toContain('We laid rat bait.');
    expect(q).toContain('Rats in the back lane');
    expect(q).toContain('refuse collection point');
    for (const personal of ['CHAN', 'Queen', 'LEE', '2868', 'FEHD/2', 'WONG']) expect(q).not.toContain(personal);
  });

  it('falls back to the template’s title and description when the officer gave nothing', () => {
    expect(draftQuery({ template, lang: 'zh-HK', fields: {}, keyPoints: [] })).toContain(template.titles['zh-HK']);
  });
});

describe('standardWording', () => {
  it('drops paragraph numbers and keeps the answer of a question-and-answer', () => {
    expect(standardWording('5. The renewal fee is $900.')).toBe('The renewal fee is $900.');
    expect(standardWording('問1：車輛牌照可在甚麼時候續期？\n答：車輛牌照可在屆滿前四個月內續期。')).toBe('車輛牌照可在屆滿前四個月內續期。');
    expect(standardWording('Q4. What is the penalty?\nA4. The fixed penalty ticket is $320.')).toBe('The fixed penalty ticket is $320.');
    expect(standardWording('一、本署每年舉辦滅蚊運動。')).toBe('本署每年舉辦滅蚊運動。');
  });
});

describe('retrieveForDraft', () => {
  // The gate's decision as a model cleared up to CONFIDENTIAL gives it (the bundled knowledge is unclassified).
  const gate = { classification: 'UNCLASSIFIED' as const, ceiling: 'CONFIDENTIAL' as const };
  const input = (lang: 'en' | 'zh-HK', keyPoints: string[]) => ({ department: 'fehd', template, lang, fields: { subject: 'Rats in the back lane of our building' }, keyPoints, gate });

  it('cites a bilingual passage once, and gives the offline composer wording in the draft’s language', async () => {
    for (const lang of ['en', 'zh-HK'] as const) {
      const k = await retrieveForDraft(t.kb, input(lang, [lang === 'en' ? 'Rodent control in private buildings.' : '私人樓宇的防治鼠患工作。']));
      const keys = k.sources.map((s) => `${s.file}#${s.heading}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(k.sources.length).toBeLessThanOrEqual(5);
      expect(k.sources[0].file).toBe('fehd/knowledge/faq/pest-control-faq.md');
      expect(k.passages.length).toBeGreaterThan(0);
      expect(k.passages.length).toBeLessThanOrEqual(2);
      expect(k.passages[0].text).toContain(lang === 'en' ? 'Rodent control inside private buildings' : '私人樓宇內的防治鼠患工作');
      for (const p of k.passages) expect(/[\u4e00-\u9fff]/.test(p.text)).toBe(lang === 'zh-HK');
    }
  });

  it('returns nothing for a department without knowledge beyond what is shared', async () => {
    const k = await retrieveForDraft(t.kb, { ...input('en', ['Rodent control in private buildings.']), department: 'nobody' });
    expect(k.sources.every((s) => s.shared)).toBe(true);
  });
});
