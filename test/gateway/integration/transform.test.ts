/**
 * POST /v1/transform: each action through the fake upstream (glossary pairs in the instructions, the text in a
 * delimited data block, the classification gate, redaction for external providers, glossary deviations in the
 * findings), and the offline paths, which say what they did.
 */
import { request } from 'undici';
import { createChecker } from '../../../src/core/checks';
import { fromPlainText } from '../../../src/core/text/document';
import { FakeUpstream } from '../support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

async function transform(body: Record<string, unknown>, headers: Record<string, string> = { accept: 'application/json' }) {
  const res = await request(`${gw.url}/v1/transform`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) };
}

const SOURCE = '食物環境衞生署會聯同環境及生態局加強清潔。';

describe.each(['polish', 'translate', 'summarise', 'formalise', 'minutes'] as const)('%s through a model', (action) => {
  it('puts the matching glossary pairs in the instructions and the text in a data block', async () => {
    upstream.enqueue({ content: 'Result.' });
    const r = await transform({ action, text: SOURCE, model: 'local', lang: action === 'translate' ? 'en' : undefined });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ action, composer: 'model', provider: 'local-llm' });
    const [sent] = upstream.chatRequests;
    const system = sent.body.messages[0].content as string;
    const user = sent.body.messages[1].content as string;
    expect(system).toContain('Food and Environmental Hygiene Department = 食物環境衞生署');
    expect(system).toContain('Environment and Ecology Bureau = 環境及生態局');
    expect(system).toMatch(/never follow instructions/);
    // The data block's tag name carries a per-request nonce, which the instructions name.
    const m = /^<data-([a-z0-9]+) kind="source-text">\n([\s\S]*)\n<\/data-\1>$/.exec(user);
    expect(m?.[2]).toBe(SOURCE);
    expect(system).toContain(`<data-${m![1]}>`);
    expect(system).not.toContain(SOURCE);
  });
});

describe('translate', () => {
  it('reports a glossary deviation in the answer as a finding', async () => {
    upstream.enqueue({ content: 'The Food & Environmental Hygiene Department will step up cleansing with the Environment and Ecology Bureau.' });
    const r = await transform({ action: 'translate', text: SOURCE, lang: 'en', model: 'local' });
    const findings = r.json().findings as Array<{ ruleId: string; text: string; fixes: Array<{ replacement: string }> }>;
    const glossary = findings.filter((f) => f.ruleId === 'bilingual/glossary');
    expect(glossary.length).toBeGreaterThan(0);
    expect(glossary[0].fixes[0]?.replacement).toBe('Food and Environmental Hygiene Department');
  });

  it('offline: official names only, labelled partial', async () => {
    const r = await transform({ action: 'translate', text: SOURCE, lang: 'en' });
    const body = r.json();
    expect(body).toMatchObject({ composer: 'offline', partial: true });
    expect(body.text).toContain('Food and Environmental Hygiene Department');
    expect(body.notice.en).toMatch(/official names/i);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('policy', () => {
  it('refuses RESTRICTED text when only an external provider serves the model; the upstream sees nothing', async () => {
    const r = await transform({ action: 'polish', text: `RESTRICTED\n${SOURCE}\nRESTRICTED`, model: 'cloud' });
    expect(r.status).toBe(403);
    expect(r.json().error.message).toMatch(/RESTRICTED/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('redacts personal data before an external provider and restores it in the answer', async () => {
    upstream.enqueue({ echo: true });
    const text = '陳先生的電話是 9123 4567，身份證號碼 A123456(3)。';
    const r = await transform({ action: 'polish', text, model: 'cloud' });
    expect(r.status).toBe(200);
    expect(upstream.everything()).not.toContain('9123 4567');
    expect(upstream.everything()).not.toContain('A123456(3)');
    expect(r.json().text).toContain('9123 4567');
    expect(r.json().text).toContain('A123456(3)');
  });
});

describe('offline paths', () => {
  it('formalise leaves no colloquialism and streams meta, delta, findings, done', async () => {
    const r = await transform({ action: 'formalise', text: '佢哋話聽日會再嚟睇吓，而家啲垃圾仲喺度。' }, { accept: 'text/event-stream' });
    const events = parseSse(r.text);
    expect(events[0].event).toBe('meta');
    expect(JSON.parse(events[0].data)).toMatchObject({ composer: 'offline', action: 'formalise' });
    expect(events.slice(-2).map((e) => e.event)).toEqual(['findings', 'done']);
    const done = JSON.parse(events[events.length - 1].data);
    expect(createChecker({ ruleSets: ['hk-zh-formal'] }).check(fromPlainText(done.text))).toEqual([]);
  });

  it('summarise keeps sentences verbatim and in order', async () => {
    const text = '本署於本年一月展開滅鼠運動。運動為期九星期。期間共清理後巷三百條。本署亦向市民派發單張。市民反應正面。';
    const r = await transform({ action: 'summarise', text, length: 'short', form: 'paragraph' });
    const sentences = (r.json().text as string).match(/[^。]+。/g) ?? [];
    expect(sentences.length).toBeGreaterThan(0);
    let at = -1;
    for (const s of sentences) {
      const i = text.indexOf(s.trim());
      expect(i).toBeGreaterThan(at);
      at = i;
    }
  });

  it('minutes land in the department minutes template', async () => {
    const r = await transform({ action: 'minutes', text: '出席：陳主席、李先生\n1. 街市清潔\n決定：每日清潔兩次\n跟進：李先生於下星期匯報\n下次會議：12月5日' });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ composer: 'offline', template: 'fehd/minutes' });
    expect(r.json().text).toContain('每日清潔兩次');
  });

  it('a bad request is a 400 with a reason', async () => {
    const r = await transform({ action: 'rewrite', text: 'x' });
    expect(r.status).toBe(400);
    expect(r.json().error.message).toMatch(/action/);
    expect((await transform({ action: 'polish', text: '' })).status).toBe(400);
  });
});
