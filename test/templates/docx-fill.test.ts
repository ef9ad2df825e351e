/**
 * Templates from Word files: a department's body.docx filled from the same values and section text as the
 * Markdown draft, read back with the project's .docx reader and unzipped to see that the letterhead, styles and
 * numbering survive; broken placeholders are pack diagnostics naming the file.
 */
import { AlignmentType, Document, Header, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { composeDraft } from '../../src/core/templates/compose';
import { checkDocxTemplate, DocxTemplateError, fillDocx } from '../../src/core/templates/docx-fill';
import { formatDiagnostic } from '../../src/core/templates/errors';
import { findDepartment, findTemplate, loadPacks } from '../../src/core/templates/loader';
import { memoryPackSource } from '../../src/core/templates/source';
import { DOCX_BODY_OPTIONS, loadPacksFromDir } from '../../src/node/pack-source';
import { readDocxBytes } from '../../src/node/readers';

const packs = loadPacksFromDir();
const template = findTemplate(packs, 'td/reply-public')!;
const department = findDepartment(packs, 'td')!;
const TODAY = new Date('2026-12-03T12:00:00+08:00');

const FIELDS = {
  en: { ourRef: 'TD NR 12/34/56', receivedDate: '2026-11-20', channel: 'email', addressee: 'Mr CHAN Tai-man', subject: 'Traffic congestion on Hennessy Road', contactOfficer: 'Mr LEE Ka-ming, Engineer', contactPhone: '2804 2600', signatoryName: 'Miss WONG Mei-ling' },
  'zh-HK': { ourRef: 'TD NR 12/34/56', receivedDate: '2026-11-20', channel: 'email', addressee: '陳大文先生', subject: '軒尼詩道的交通擠塞問題', contactOfficer: '本署工程師李家明先生', contactPhone: '2804 2600', signatoryName: '黃美玲' },
} as const;
const POINTS = {
  en: ['The signal timing at the junction with Fleming Road was adjusted on 25 November.', 'We will keep monitoring the traffic closely.'],
  'zh-HK': ['本署已於11月25日調整軒尼詩道與菲林明道交界的交通燈時間。', '本署會繼續密切監察交通情況。'],
} as const;

async function read(bytes: Uint8Array) {
  const doc = await readDocxBytes(bytes, 'filled.docx');
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  return { doc, lines: doc.model.blocks.map((b) => b.text), part };
}

describe('the bundled td/reply-public body.docx', () => {
  it.each(['en', 'zh-HK'] as const)('is loaded for %s next to its Markdown body', (lang) => {
    expect(packs.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(template.bodies[lang]?.docx?.file).toMatch(new RegExp(`td/reply-public/body\\.${lang}\\.docx$`));
  });

  it.each(['en', 'zh-HK'] as const)('filled in %s: letterhead in the header, fields and sections in the body, styles kept', async (lang) => {
    const draft = composeDraft({ template, department, fields: FIELDS[lang], keyPoints: [...POINTS[lang]], lang, today: TODAY });
    const { lines, part } = await read(fillDocx(template.bodies[lang]!.docx!.bytes, draft.fill));
    // The header is read first: the department's letterhead, untouched.
    expect(lines.slice(0, 2)).toEqual(['運輸署', 'TRANSPORT DEPARTMENT']);
    expect(await part('word/header1.xml')).toContain('41/F, Immigration Tower, 7 Gloucester Road');
    expect(await part('word/header1.xml')).toMatch(/<w:bottom [^>]*w:val="single"/);
    // Every line of the Markdown draft is a paragraph of the filled body, in the same order (bold is a style there).
    // (A line break inside a paragraph, as in the signature block, is a line of the Markdown.)
    const body = lines.slice(5, -1).flatMap((l) => l.split('\n'));
    expect(body).toEqual(draft.markdown.replace(/\*\*/g, '').split('\n').filter((l) => l.trim() !== ''));
    expect(lines.join('\n')).not.toContain('{{');
    expect(lines).toContain(POINTS[lang][0]);
    // The department's styles are still defined and still used by the filled paragraphs, including the repeated ones.
    const styles = await part('word/styles.xml');
    expect(styles).toContain('w:styleId="TDLetter"');
    expect(styles).toContain('<w:name w:val="TD Subject"/>');
    const document = await part('word/document.xml');
    const pointPara = document.split('</w:p>').find((p) => p.includes(POINTS[lang][1].replace(/\.$/, '')))!;
    expect(pointPara).toContain('<w:pStyle w:val="TDLetter"/>');
    expect(document).toMatch(/<w:pStyle w:val="TDSubject"\/>.*?(Traffic congestion|交通擠塞)/);
    // The footer too.
    expect(lines[lines.length - 1]).toBe('運輸署 Transport Department');
  });

  it('leaves out a section with no content and a line whose placeholders are all empty', async () => {
    const draft = composeDraft({ template, department, fields: FIELDS.en, keyPoints: [POINTS.en[0]], lang: 'en', today: TODAY });
    expect(draft.fill.sections.map((s) => s.id)).toEqual(['acknowledgement', 'response', 'enquiries']);
    const { lines } = await read(fillDocx(template.bodies.en!.docx!.bytes, draft.fill));
    expect(lines.some((l) => l.startsWith('Your Ref.'))).toBe(false);
    expect(lines.some((l) => l.startsWith('Encl.'))).toBe(false);
    expect(lines).not.toContain(POINTS.en[1]);
    // The signature block's two lines stay in one paragraph, as a line break.
    expect(lines).toContain('( Miss WONG Mei-ling )\nfor Commissioner for Transport');
  });

  it('carries a classification marking first in the header and last in the footer', async () => {
    const draft = composeDraft({ template, department, fields: FIELDS.en, keyPoints: [...POINTS.en], lang: 'en', today: TODAY, classification: 'RESTRICTED' });
    const { lines } = await read(fillDocx(template.bodies.en!.docx!.bytes, draft.fill));
    expect(lines[0]).toBe('RESTRICTED');
    expect(lines[lines.length - 1]).toBe('RESTRICTED');
    expect(lines[1]).toBe('運輸署');
  });
});

/** A small .docx whose paragraphs are given as runs (so a placeholder can be split across runs). */
async function docxOf(paragraphs: Array<string | string[]>, options: { header?: string; numbered?: boolean } = {}): Promise<Uint8Array> {
  const doc = new Document({
    numbering: options.numbered ? { config: [{ reference: 'paras', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] } : undefined,
    sections: [
      {
        headers: options.header ? { default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: options.header, bold: true })] })] }) } : undefined,
        children: paragraphs.map((p) => {
          const runs = (typeof p === 'string' ? [p] : p).map((t, i) => new TextRun({ text: t, bold: i % 2 === 1 }));
          const numbered = options.numbered && (typeof p === 'string' ? p : p.join('')).includes('{{points}}');
          return new Paragraph({ children: runs, ...(numbered ? { numbering: { reference: 'paras', level: 0 } } : {}) });
        }),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('fillDocx', () => {
  it('fills placeholders Word has split across runs, and repeats a numbered {{points}} paragraph with its numbering', async () => {
    const bytes = await docxOf([['Our Ref.: {{our', 'Ref', '}}'], '{{#section body}}', '{{points}}', '{{/section}}'], { header: 'LETTERHEAD {{department}}', numbered: true });
    const filled = fillDocx(bytes, { values: { ourRef: 'A/1', department: 'Transport Department' }, sections: [{ id: 'body', title: 'Body', points: ['One.', 'Two.', 'Three.'] }] });
    const { doc, part } = await read(filled);
    expect(doc.model.blocks.map((b) => b.text)).toEqual(['LETTERHEAD Transport Department', 'Our Ref.: A/1', 'One.', 'Two.', 'Three.']);
    expect(doc.model.blocks.slice(2).map((b) => b.kind)).toEqual(['list-item', 'list-item', 'list-item']);
    expect((await part('word/document.xml')).match(/<w:numId w:val="\d+"\/>/g)).toHaveLength(3);
    expect(await part('word/numbering.xml')).toContain('w:val="%1."');
  });

  it('escapes what the values hold', async () => {
    const bytes = await docxOf(['{{subject}}']);
    const { doc } = await read(fillDocx(bytes, { values: { subject: 'A & B <c> "d"' }, sections: [] }));
    expect(doc.model.blocks[0].text).toBe('A & B <c> "d"');
  });

  it('refuses a file that is not a .docx with a DocxTemplateError, not a crash', () => {
    expect(() => fillDocx(new TextEncoder().encode('not a zip'), { values: {}, sections: [] })).toThrow(DocxTemplateError);
  });
});

describe('broken placeholders in a body.docx are pack diagnostics', () => {
  const DEPT = 'id: demo\nnames: { zh-HK: 示範署, en: Demonstration Department }\npolicy:\n  providers:\n    - { id: offline, external: false, maxClassification: TOP SECRET }\n';
  const TEMPLATE = [
    'id: t',
    'kind: letter',
    'titles: { zh-HK: 信, en: Letter }',
    'description: { zh-HK: 測試範本。, en: A test template. }',
    'languages: [en]',
    'fields:',
    '  - id: subject',
    '    labels: { zh-HK: 標題, en: Subject }',
    '    type: text',
    'sections:',
    '  - id: body',
    '    titles: { zh-HK: 正文, en: Body }',
    '    acceptsKeyPoints: true',
    '',
  ].join('\n');
  const lint = (docx: Uint8Array) =>
    loadPacks(memoryPackSource({ 'p/demo/department.yaml': DEPT, 'p/demo/t/template.yaml': TEMPLATE, 'p/demo/t/body.en.docx': docx }), 'p', DOCX_BODY_OPTIONS).diagnostics.map(formatDiagnostic);

  it('a sound body loads with no diagnostics', async () => {
    expect(lint(await docxOf(['{{subject}}', '{{#section body}}', '{{points}}', '{{/section}}']))).toEqual([]);
  });

  it('names the file and the paragraph for a misspelt or unclosed placeholder', async () => {
    expect(lint(await docxOf(['{{subjct}}', '{{#section body}}', '{{points}}', '{{/section}}']))).toEqual([
      'p/demo/t/body.en.docx:1:1: {{subjct}} is not a declared field or a built-in placeholder; did you mean "subject"?',
    ]);
    expect(lint(await docxOf(['{{subject', '{{#section body}}', '{{points}}', '{{/section}}']))).toEqual(['p/demo/t/body.en.docx:1:1: unclosed {{ (placeholders are written {{name}})']);
    expect(lint(await docxOf(['{{subject}}', '{{#section body}}', '{{points}}']))).toEqual(['p/demo/t/body.en.docx:2:1: section "body" is never closed with {{/section}}']);
  });

  it('reports what only the filler sees (a stray "}}") as "cannot be filled"', async () => {
    const bytes = await docxOf(['{{subject}}}}', '{{#section body}}', '{{points}}', '{{/section}}']);
    expect(checkDocxTemplate(bytes)).toEqual(['The tag beginning with "}" is unopened']);
    expect(lint(bytes)).toEqual(['p/demo/t/body.en.docx:1:1: cannot be filled: The tag beginning with "}" is unopened']);
  });

  it('a damaged file is a diagnostic too', () => {
    expect(lint(new Uint8Array([80, 75, 3, 4, 0, 0]))).toEqual([expect.stringMatching(/^p\/demo\/t\/body\.en\.docx:1:1: cannot read the \.docx: /)]);
  });
});
