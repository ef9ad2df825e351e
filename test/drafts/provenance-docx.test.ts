/**
 * Provenance in a .docx: `wenshu draft --out x.docx` keeps the record as the add-in does in Word (a content control
 * tagged wenshu-ai-draft:<id> and a custom XML part), and `wenshu check x.docx` reports what it finds, including a
 * record whose draft was deleted and a tagged draft whose record is gone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { readProvenanceXml } from '../../src/core/drafting/provenance-record';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { startTestGateway, type TestGateway } from '../gateway/support/gateway';
import { runCli, tempDir } from '../cli/helpers';
import { blocks, FIELDS } from './support/cases';
import { mainlandModel } from './support/mainland-model';

const fieldArgs = Object.entries(FIELDS['reply-public'].en).flatMap(([k, v]) => ['--field', `${k}=${v}`]);
const DRAFT = ['draft', '--template', 'fehd/reply-public', '--lang', 'en', ...fieldArgs, '--points', 'Cleansing was stepped up from 20 November.'];

async function zipOf(file: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}

async function checkJson(dir: string, file: string): Promise<any> {
  const r = await runCli(['check', '--format', 'json', file], { cwd: dir });
  return JSON.parse(r.stdout).files[0];
}

describe('wenshu draft --out x.docx (offline composer)', () => {
  it('wraps the draft in a tagged content control and adds the record as a custom XML part Word can open', async () => {
    const dir = tempDir();
    const r = await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    const zip = await zipOf(join(dir, 'reply.docx'));
    const record = readProvenanceXml(await zip.file('customXml/item1.xml')!.async('string'))!;
    expect(record).toMatchObject({ template: { id: 'fehd/reply-public' }, frame: { composer: 'template' }, host: 'wenshu-cli', repairRounds: 0 });
    expect(record.template.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(record.sections.map((s) => [s.id, s.composer])).toEqual([
      ['response', 'offline'],
      ['follow-up', 'offline'],
    ]);
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain(`<w:tag w:val="wenshu-ai-draft:${record.draftId}"/>`);
    expect(await zip.file('word/_rels/document.xml.rels')!.async('string')).toContain('Target="../customXml/item1.xml"');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('PartName="/customXml/itemProps1.xml"');
    expect(await zip.file('customXml/itemProps1.xml')!.async('string')).toContain('ds:uri="urn:wenshu:provenance:1"');
  });

  it('wenshu check reports it, in JSON and in text, in the officer’s language', async () => {
    const dir = tempDir();
    await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    const file = await checkJson(dir, 'reply.docx');
    expect(file.provenance).toHaveLength(1);
    expect(file.provenance[0]).toMatchObject({ inDocument: true, record: { template: { id: 'fehd/reply-public' } } });
    const text = await runCli(['check', 'reply.docx'], { cwd: dir });
    expect(text.stdout).toMatch(/reply\.docx: Wenshu draft [0-9a-f-]+\n  template fehd\/reply-public \(sha256:[0-9a-f]{16}\); frame: template; response: offline composer; follow-up: offline composer/);
    const zh = await runCli(['check', '--lang', 'zh-HK', 'reply.docx'], { cwd: dir });
    expect(zh.stdout).toMatch(/reply\.docx: 文書通草稿 [0-9a-f-]+\n  範本 fehd\/reply-public/);
  });

  it('a record whose draft was deleted says so; a tagged draft whose record is gone is reported, not trusted', async () => {
    const dir = tempDir();
    await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    const zip = await zipOf(join(dir, 'reply.docx'));
    const document = await zip.file('word/document.xml')!.async('string');

    const deleted = await zipOf(join(dir, 'reply.docx'));
    deleted.file('word/document.xml', document.replace(/<w:sdt>[\s\S]*<\/w:sdt>/, '<w:p><w:r><w:t>Rewritten by hand.</w:t></w:r></w:p>'));
    writeFileSync(join(dir, 'deleted.docx'), await deleted.generateAsync({ type: 'uint8array' }));
    const a = await checkJson(dir, 'deleted.docx');
    expect(a.provenance).toEqual([expect.objectContaining({ inDocument: false, record: expect.objectContaining({ template: expect.objectContaining({ id: 'fehd/reply-public' }) }) })]);
    expect((await runCli(['check', 'deleted.docx'], { cwd: dir })).stdout).toContain('(its content has been deleted from the document)');

    const orphan = await zipOf(join(dir, 'reply.docx'));
    orphan.file('customXml/item1.xml', '<x:other xmlns:x="urn:someone-else">edited</x:other>');
    writeFileSync(join(dir, 'orphan.docx'), await orphan.generateAsync({ type: 'uint8array' }));
    const b = await checkJson(dir, 'orphan.docx');
    expect(b.provenance).toEqual([{ draftId: expect.any(String), record: null, inDocument: true }]);
    expect((await runCli(['check', 'orphan.docx'], { cwd: dir })).stdout).toContain('no readable provenance record');
  });

  it('a .docx with no Wenshu draft has no provenance in the report', async () => {
    const dir = tempDir();
    await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    const plain = await zipOf(join(dir, 'reply.docx'));
    plain.remove('customXml/item1.xml');
    const document = await plain.file('word/document.xml')!.async('string');
    plain.file('word/document.xml', document.replace(/<w:tag w:val="wenshu-ai-draft:[^"]*"\/>/, ''));
    writeFileSync(join(dir, 'plain.docx'), await plain.generateAsync({ type: 'uint8array' }));
    expect((await checkJson(dir, 'plain.docx')).provenance).toBeUndefined();
  });
});

describe('wenshu draft --model NAME --out x.docx', () => {
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

  it('keeps the gateway’s record: which model wrote each section, the repair rounds, the officer the gateway saw', async () => {
    upstream.enqueue(mainlandModel((p) => blocks(p, { response: 'We organized extra cleansing from 20 November.', 'follow-up': 'Inspections will continue.' })));
    const dir = tempDir();
    const r = await runCli([...DRAFT, '--model', 'local', '--gateway', gw.url, '--out', 'reply.docx'], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    const file = await checkJson(dir, 'reply.docx');
    expect(file.provenance[0].record).toMatchObject({
      template: { id: 'fehd/reply-public' },
      sections: [expect.objectContaining({ id: 'response', composer: 'model', model: 'local', provider: 'local-llm' }), expect.objectContaining({ id: 'follow-up', composer: 'model' })],
      officer: 'dev',
      host: 'wenshu-cli',
    });
    expect((await runCli(['check', 'reply.docx'], { cwd: dir })).stdout).toContain('response: model local via local-llm');
  });
});
