/**
 * `wenshu draft --out x.docx` with a template that has a body.docx: the department's file filled (letterhead,
 * styles), with the provenance kept as for the generic document (tagged content control + custom XML part) so
 * `wenshu check x.docx` still finds the draft; `wenshu templates lint` names a broken body.docx.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { readProvenanceXml } from '../../src/core/drafting/provenance-record';
import { readDocument } from '../../src/node/readers';
import { runCli, tempDir } from '../cli/helpers';

const BUNDLED = join(__dirname, '..', '..', 'templates');
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
const DRAFT = [
  'draft',
  '--template',
  'td/reply-public',
  '--lang',
  'en',
  '--date',
  '2026-12-03',
  ...Object.entries(FIELDS).flatMap(([k, v]) => ['--field', `${k}=${v}`]),
  '--points',
  'The signal timing at the junction with Fleming Road was adjusted on 25 November.',
];

describe('wenshu draft --out x.docx with a body.docx', () => {
  it('fills the department’s file: letterhead, fields, sections and the Markdown draft’s lines', async () => {
    const dir = tempDir();
    const md = await runCli([...DRAFT, '--out', 'reply.md'], { cwd: dir });
    const r = await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    expect(r.code).toBe(md.code);
    expect(r.stderr).toContain('wrote reply.docx');
    const read = await readDocument(join(dir, 'reply.docx'));
    const lines = read.model.blocks.map((b) => b.text);
    expect(lines.slice(0, 2)).toEqual(['運輸署', 'TRANSPORT DEPARTMENT']);
    const markdown = readFileSync(join(dir, 'reply.md'), 'utf8');
    expect(lines.slice(5, -1).flatMap((l) => l.split('\n'))).toEqual(markdown.replace(/\*\*/g, '').split('\n').filter((l) => l.trim() !== ''));
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'reply.docx')));
    expect(await zip.file('word/header1.xml')!.async('string')).toContain('TRANSPORT DEPARTMENT');
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:styleId="TDLetter"');
  });

  it('keeps the provenance (tagged content control, custom XML part) and wenshu check finds the draft', async () => {
    const dir = tempDir();
    await runCli([...DRAFT, '--out', 'reply.docx'], { cwd: dir });
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'reply.docx')));
    const record = readProvenanceXml(await zip.file('customXml/item1.xml')!.async('string'))!;
    expect(record).toMatchObject({ template: { id: 'td/reply-public' }, host: 'wenshu-cli', frame: { composer: 'template' } });
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain(`<w:tag w:val="wenshu-ai-draft:${record.draftId}"/>`);
    // The letterhead is in the header, outside the content control; the filled body is inside it.
    expect(document.indexOf('<w:sdtContent>')).toBeLessThan(document.indexOf('TD NR 12/34/56'));
    const check = await runCli(['check', '--format', 'json', 'reply.docx'], { cwd: dir });
    const file = JSON.parse(check.stdout).files[0];
    expect(file.provenance).toEqual([
      expect.objectContaining({ draftId: record.draftId, inDocument: true, record: expect.objectContaining({ template: expect.objectContaining({ id: 'td/reply-public' }) }) }),
    ]);
  });

  it('a template without a body.docx still gives the generic document', async () => {
    const dir = tempDir();
    const r = await runCli(['draft', '--template', 'td/memo', '--lang', 'en', '--field', 'to=Secretary for Transport and Logistics', '--field', 'ourRef=TD/1', '--field', 'tel=2804 2600', '--field', 'subject=Road works', '--field', 'signatoryName=LEE Ka-ming', '--points', 'Works start on 1 December.', '--out', 'memo.docx'], { cwd: dir });
    expect(r.stderr).toContain('wrote memo.docx');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'memo.docx')));
    expect(zip.file('word/header1.xml')).toBeNull();
  });
});

describe('wenshu templates list --format json', () => {
  it('gives each template its version (hash and label) and the languages with a body.docx', async () => {
    const json = JSON.parse((await runCli(['templates', 'list', '--format', 'json'])).stdout);
    const reply = json.templates.find((t: { key: string }) => t.key === 'td/reply-public');
    expect(reply.version).toEqual({ hash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), label: '2026.1' });
    expect(reply.docx).toEqual(['zh-HK', 'en']);
    expect(json.templates.find((t: { key: string }) => t.key === 'fehd/memo').docx).toEqual([]);
  });
});

describe('wenshu templates lint with a broken body.docx', () => {
  it('names the file and what is wrong, and exits 1 (no crash)', async () => {
    const dir = tempDir();
    cpSync(join(BUNDLED, 'td'), join(dir, 'td'), { recursive: true });
    const broken = new Document({
      sections: [
        {
          children: ['Our Ref.: {{ourRef}}}}', '{{subjet}}', '{{#section acknowledgement}}', 'I refer to your {{channel}}.', '{{/section}}', '{{#section response}}', '{{points}}', '{{/section}}', '{{#section enquiries}}', 'Call {{contactOfficer}}.', '{{/section}}'].map(
            (t) => new Paragraph({ children: [new TextRun(t)] }),
          ),
        },
      ],
    });
    writeFileSync(join(dir, 'td', 'reply-public', 'body.en.docx'), await Packer.toBuffer(broken));
    const r = await runCli(['templates', 'lint', 'td'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('td/reply-public/body.en.docx:2:1: {{subjet}} is not a declared field or a built-in placeholder; did you mean "subject"?');
    // Only files of td/reply-public are named, each as file:line:column.
    for (const line of lines) expect(line).toMatch(/^td\/reply-public\/[^:]+:\d+:\d+: .+$/);

    // Once the text is right, what only the filler sees (a stray "}}") is still named.
    const stray = new Document({
      sections: [{ children: ['{{subject}}}}', '{{#section acknowledgement}}', 'I refer to your {{channel}}.', '{{/section}}', '{{#section response}}', '{{points}}', '{{/section}}', '{{#section follow-up}}', '{{points}}', '{{/section}}', '{{#section enquiries}}', 'x', '{{/section}}'].map((t) => new Paragraph({ children: [new TextRun(t)] })) }],
    });
    writeFileSync(join(dir, 'td', 'reply-public', 'body.en.docx'), await Packer.toBuffer(stray));
    const again = await runCli(['templates', 'lint', 'td'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('td/reply-public/body.en.docx:1:1: cannot be filled: The tag beginning with "}" is unopened\n');
  });
});
