/**
 * POST /v1/drafts with format "docx" through HTTP: the template's body.docx filled with the same frame and the same
 * sections as the Markdown draft (offline composer, or a model's sections through the fake upstream), base64 in
 * the JSON answer and in the last SSE event `done`.
 */
import { request } from 'undici';
import JSZip from 'jszip';
import { readDocxBytes } from '../../src/node/readers';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../gateway/support/gateway';
import { blocks, mainlandModel } from '../drafts/support/mainland-model';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readProvenanceXml } from '../../src/core/drafting/provenance-record';
import { runCli, tempDir } from '../cli/helpers';

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  // The development caller belongs to td, whose reply-public template has a body.docx.
  gw = await startTestGateway({ upstream, config: { auth: { mode: 'development', departments: { default: 'td' } } } });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const FIELDS = {
  ourRef: 'TD NR 12/34/56',
  receivedDate: '2026-11-20',
  channel: 'email',
  addressee: 'Mr CHAN Tai-man',
  subject: 'Traffic congestion on Hennessy Road',
  contactOfficer: 'Mr LEE Ka-ming, Engineer',
  contactPhone: '2804 2600',
  signatoryName: 'Miss WONG Mei-ling',
};
const POINT = 'The signal timing at the junction with Fleming Road was adjusted on 25 November.';
const body = (over: Record<string, unknown> = {}) => ({ template: 'td/reply-public', lang: 'en', fields: FIELDS, keyPoints: [POINT], format: 'docx', ...over });

async function post(payload: unknown, accept = 'application/json') {
  const res = await request(`${gw.url}/v1/drafts`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(payload) });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

async function docxLines(base64: string) {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  const read = await readDocxBytes(bytes, 'draft.docx');
  return { lines: read.model.blocks.map((b) => b.text), zip: await JSZip.loadAsync(bytes) };
}

/** The Markdown draft's non-blank lines, as the .docx has them (bold is a style there). */
const markdownLines = (text: string) => text.replace(/\*\*/g, '').split('\n').filter((l) => l.trim() !== '');

describe('POST /v1/drafts with format "docx"', () => {
  it('offline, JSON: the filled body.docx (letterhead, fields, sections) in base64, saying the same as the text', async () => {
    const r = await post(body({ model: 'offline' }));
    expect(r.status).toBe(200);
    const json = JSON.parse(r.text);
    expect(json.composer).toBe('offline');
    expect(json.docx).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', template: 'reply-public/body.en.docx' });
    const { lines, zip } = await docxLines(json.docx.base64);
    expect(lines.slice(0, 2)).toEqual(['運輸署', 'TRANSPORT DEPARTMENT']);
    expect(lines.slice(5, -1).flatMap((l) => l.split('\n'))).toEqual(markdownLines(json.text));
    expect(lines).toContain(POINT);
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:styleId="TDLetter"');
  });

  it('with a model, SSE: the last event `done` carries the .docx with the model’s section text in the frame', async () => {
    const section = 'The signal timing at the junction with Fleming Road was adjusted on 25 November, and the queue has shortened.';
    upstream.enqueue(mainlandModel((p) => blocks(p, { response: section })));
    const r = await post(body({ model: 'local' }), 'text/event-stream');
    expect(r.status).toBe(200);
    const events = parseSse(r.text);
    const last = events[events.length - 1];
    expect(last.event).toBe('done');
    const done = JSON.parse(last.data);
    expect(done.composer).toBe('model');
    expect(done.text).toContain(section);
    const { lines } = await docxLines(done.docx.base64);
    // The frame is rendered from the fields (never the model's), the section is the model's, as in the text.
    expect(lines.slice(5, -1).flatMap((l) => l.split('\n'))).toEqual(markdownLines(done.text));
    expect(lines).toContain(section);
    expect(lines).toContain('Our Ref.: TD NR 12/34/56');
  });

  it('a classified draft: the marking first and last in the .docx as in the text', async () => {
    const r = await post(body({ model: 'offline', classification: 'RESTRICTED' }));
    const json = JSON.parse(r.text);
    const { lines } = await docxLines(json.docx.base64);
    expect(lines[0]).toBe('RESTRICTED');
    expect(lines[lines.length - 1]).toBe('RESTRICTED');
    expect(json.text.startsWith('RESTRICTED\n')).toBe(true);
  });

  it('without format there is no .docx in the answer; a template with no body.docx is a 400 with the reason', async () => {
    const plain = JSON.parse((await post(body({ model: 'offline', format: undefined }))).text);
    expect(plain.docx).toBeUndefined();
    const memo = await post({ template: 'td/memo', lang: 'en', model: 'offline', format: 'docx', fields: { to: 'Secretary for Transport and Logistics', ourRef: 'TD/1', tel: '2804 2600', subject: 'Road works', signatoryName: 'LEE Ka-ming' } });
    expect(memo.status).toBe(400);
    expect(JSON.parse(memo.text).error.message).toBe('template td/memo has no .docx body for en (body.en.docx); ask for format "markdown"');
    const bad = await post(body({ format: 'pdf' }));
    expect(bad.status).toBe(400);
  });
});

describe('wenshu draft --model --out x.docx', () => {
  it('asks the gateway for the filled .docx and writes it with the model’s section and the provenance', async () => {
    const section = 'The signal timing at the junction with Fleming Road was adjusted on 25 November, and the queue has shortened.';
    upstream.enqueue(mainlandModel((p) => blocks(p, { response: section })));
    const dir = tempDir();
    const args = ['draft', '--template', 'td/reply-public', '--lang', 'en', ...Object.entries(FIELDS).flatMap(([k, v]) => ['--field', `${k}=${v}`]), '--points', POINT];
    const r = await runCli([...args, '--model', 'local', '--gateway', gw.url, '--out', 'reply.docx'], { cwd: dir });
    expect(r.stderr).toContain('wrote reply.docx');
    expect(upstream.chatRequests).toHaveLength(1);
    const bytes = readFileSync(join(dir, 'reply.docx'));
    const { lines, zip } = await docxLines(bytes.toString('base64'));
    expect(lines.slice(0, 2)).toEqual(['運輸署', 'TRANSPORT DEPARTMENT']);
    expect(lines).toContain(section);
    const record = readProvenanceXml(await zip.file('customXml/item1.xml')!.async('string'))!;
    expect(record.sections).toEqual([expect.objectContaining({ id: 'response', composer: 'model' })]);
    expect(await zip.file('word/document.xml')!.async('string')).toContain(`wenshu-ai-draft:${record.draftId}`);
  });
});

describe('template versions', () => {
  it('GET /v1/templates gives each template its content hash (the one drafts’ provenance carries), its label and formats', async () => {
    const res = await request(`${gw.url}/v1/templates`, { headers: { accept: 'application/json' } });
    const listed = (await res.body.json()) as any;
    const reply = listed.departments[0].templates.find((t: any) => t.key === 'td/reply-public');
    expect(reply.version).toEqual({ hash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), label: '2026.1' });
    expect(reply.formats).toEqual({ markdown: ['zh-HK', 'en'], docx: ['zh-HK', 'en'] });
    const memo = listed.departments[0].templates.find((t: any) => t.key === 'td/memo');
    expect(memo.version.label).toBeUndefined();
    expect(memo.version.hash).not.toBe(reply.version.hash);
    expect(memo.formats.docx).toEqual([]);
    const draft = JSON.parse((await post(body({ model: 'offline' }))).text);
    expect(draft.provenance.template).toEqual({ id: 'td/reply-public', version: reply.version.hash, label: '2026.1' });
  });
});
