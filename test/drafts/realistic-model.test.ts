/**
 * The realistic-model table (test/drafts/support/cases.js) through the real gateway: POST /v1/drafts over HTTP,
 * a fake DeepSeek/Qwen-like model on a real loopback upstream. For every case:
 * - the frame is the offline renderer's frame for the same fields, byte for byte;
 * - every normalisation the case calls for is reported (in `findings.applied` and `done.applied`);
 * - every invented fact is a finding "not in your inputs";
 * - the repair call is made when it should be, and never more than once;
 * - no Simplified character, preamble, closing offer or code fence reaches the officer (deltas or done).
 */
import { request } from 'undici';
import { createChecker } from '../../src/core/checks';
import { composeDraft } from '../../src/core/templates/compose';
import { findDepartment, findTemplate } from '../../src/core/templates/loader';
import { loadPacksFromDir } from '../../src/node/pack-source';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../gateway/support/gateway';
import { CASES, FIELDS, KEY_POINTS, type DraftCase } from './support/cases';
import { mainlandModel, readPrompt } from './support/mainland-model';

let upstream: FakeUpstream;
let gw: TestGateway;
const packs = loadPacksFromDir();
const simplified = createChecker({ ruleSets: ['hk-zh-characters'] });

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const kind = (c: DraftCase) => c.template.split('/')[1];

async function draftThrough(c: DraftCase) {
  upstream.enqueue(mainlandModel(c.first, { cutAfter: c.cutAfter }));
  if (c.repair) upstream.enqueue(mainlandModel(c.repair));
  const res = await request(`${gw.url}/v1/drafts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template: c.template, lang: c.lang, fields: FIELDS[kind(c)][c.lang], keyPoints: KEY_POINTS[c.lang], model: 'local' }),
  });
  const events = parseSse(await res.body.text());
  return { status: res.statusCode, events, of: (name: string) => events.filter((e) => e.event === name).map((e) => JSON.parse(e.data)) };
}

/** The offline renderer's frame for the same fields, the written sections as wildcards: a regular expression. */
function offlineFrame(c: DraftCase, sections: string[]): RegExp {
  const template = findTemplate(packs, c.template)!;
  const department = findDepartment(packs, template.department)!;
  const marks = new Map(sections.map((id, i) => [id, [`\u0001${i}\u0001`]]));
  const frame = composeDraft({ template, department, fields: FIELDS[kind(c)][c.lang], lang: c.lang, content: marks }).markdown;
  const literal = frame.split(/\u0001\d+\u0001/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('([\\s\\S]+?)')}$`);
}

function noWrapping(text: string, c: DraftCase) {
  expect(text).not.toContain('```');
  expect(text).not.toMatch(/<\/?\s*section/);
  for (const phrase of ['好的，以下是', '以下是', 'Sure, here is', 'Here is the', '如需修改', '希望以上', 'Let me know', 'I hope this helps']) expect(text).not.toContain(phrase);
  if (c.lang === 'zh-HK') {
    const left = simplified.check({ blocks: [{ id: 'b0', kind: 'paragraph', text }] }, { lang: 'zh-HK' }).filter((f) => f.ruleId === 'hk-zh-characters/simplified');
    expect(left.map((f) => f.text)).toEqual([]);
  }
}

it('has at least 25 cases across the six template kinds and both languages', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(25);
  const kinds = new Set(CASES.map((c) => findTemplate(packs, c.template)!.kind));
  expect([...kinds].sort()).toEqual(['circular', 'email-reply', 'letter', 'memo', 'minutes', 'press-release']);
  for (const lang of ['zh-HK', 'en']) expect(new Set(CASES.filter((c) => c.lang === lang).map((c) => c.template)).size).toBe(6);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('gives the officer a conformant draft', async () => {
    const r = await draftThrough(c);
    expect(r.status).toBe(200);
    const streamed = r.of('delta').map((d) => d.text).join('');
    noWrapping(streamed, c);

    if (c.expect.cut) {
      // Stopped midway: an error, never `done`, so nothing can be inserted.
      expect(r.events[r.events.length - 1].event).toBe('error');
      expect(r.of('done')).toHaveLength(0);
      expect(upstream.chatRequests).toHaveLength(1);
      return;
    }
    const [done] = r.of('done');
    const [findings] = r.of('findings');
    expect(done).toBeDefined();
    expect(done.text).toBe(streamed);
    noWrapping(done.text, c);

    // The frame: exactly the offline renderer's, around the sections the model wrote.
    const written = done.parts.filter((p: any) => p.part === 'section').map((p: any) => p.id);
    expect(done.parts[0]).toEqual({ part: 'frame', composer: 'template', template: c.template });
    expect(done.text).toMatch(offlineFrame(c, written));

    // Each normalisation reported, in the findings event and in done.
    for (const [k, from, to] of c.expect.applied) {
      const hit = (list: any[]) => list.some((a) => a.kind === k && (!from || a.from.includes(from)) && (!to || a.to.includes(to)));
      expect({ kind: k, from, to, reported: hit(done.applied) }).toEqual({ kind: k, from, to, reported: true });
      expect(hit(findings.applied)).toBe(true);
    }

    // Each invented fact a finding before any repair.
    for (const fact of c.expect.invented) {
      expect(done.verification.found).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'not-in-inputs', text: fact })]));
    }

    // The repair call: when it should be, at most once, through the same upstream (and audited).
    expect(upstream.chatRequests).toHaveLength(c.expect.repair ? 2 : 1);
    expect(done.repaired).toBe(c.expect.repair);
    expect(done.verification.repairRounds).toBe(c.expect.repair ? 1 : 0);
    if (c.expect.repair) {
      const second = readPrompt(upstream.chatRequests[1].body);
      expect(second.repair).toBe(true);
      expect(done.parts.some((p: any) => p.repaired)).toBe(true);
    }

    // What verification still finds at hand-over is shown, never dropped.
    const left = findings.findings.filter((f: any) => f.ruleId.startsWith('drafting/')).map((f: any) => f.ruleId);
    expect([...new Set(left)].sort()).toEqual([...(c.expect.left ?? [])].sort());
    expect(done.provenance.findingsAtHandOver.filter((f: any) => f.ruleId.startsWith('drafting/')).length).toBe(left.length);

    for (const text of c.expect.contains) expect(done.text).toContain(text);
    for (const text of c.expect.absent) expect(done.text).not.toContain(text);
  });
});
