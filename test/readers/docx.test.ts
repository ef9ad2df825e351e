import JSZip from 'jszip';
import { sampleDocx } from './sample-docx';
import { docxToText, readDocumentBytes, readDocxBytes, readDocxParagraphsSync } from '../../src/node/readers';

const rows = (paragraphs: Array<{ kind: string; text: string; level?: number }>) => paragraphs.map((p) => [p.kind, p.text, p.level]);

describe('.docx made with the docx package', () => {
  it('reads header, body (headings, runs, list items, table cells) and footer in order', async () => {
    const r = await readDocxBytes(await sampleDocx(), 'reply.docx');
    expect(r.format).toBe('docx');
    expect(rows(r.model.blocks)).toEqual([
      ['paragraph', '限閱文件', undefined],
      ['heading', '回覆市民來信', 1],
      ['heading', '背景', 1],
      ['paragraph', '佢哋嘅意見已收悉。', undefined],
      ['paragraph', '𠝹😀佢\t第二\n行', undefined],
      ['heading', '詳情', 2],
      ['list-item', '第一點', undefined],
      ['list-item', '第二點', undefined],
      ['table-cell', '項目', undefined],
      ['table-cell', '日期', undefined],
      ['table-cell', '清潔街市', undefined],
      ['table-cell', '2026年11月28日', undefined],
      ['paragraph', '', undefined],
      ['paragraph', '食物環境衞生署', undefined],
      ['paragraph', '限閱文件', undefined],
    ]);
    expect(r.model.blocks[1].style).toBe('Title');
    expect(r.model.blocks[2].style).toBe('Heading 1');
    expect(r.model.blocks[6].style).toBe('List Paragraph');
    expect(r.text).toBe(r.model.blocks.map((b) => b.text).join('\n'));
    expect(r.model.blocks[3].offset).toBe(r.text.indexOf('佢哋'));
  });

  it('reads the same paragraphs synchronously (for .docx template bodies)', async () => {
    const bytes = await sampleDocx();
    const sync = readDocxParagraphsSync(bytes, 'reply.docx');
    const r = await readDocxBytes(bytes, 'reply.docx');
    expect(sync.map((p) => p.text)).toEqual(r.model.blocks.map((b) => b.text));
    expect(docxToText(bytes).split('\n')).toHaveLength(r.model.blocks.length);
  });
});

/** A package as Word itself writes it: numeric style ids, lower-case built-in names, tracked changes, fields. */
async function wordStyleDocx(body: string, styles = WORD_STYLES): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/_rels/document.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
  zip.file('word/styles.xml', styles);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>${body}<w:sectPr/></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const WORD_STYLES = `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="部門標題"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline3"><w:name w:val="Outline Three"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
</w:styles>`;

const p = (inner: string, style?: string) => `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${inner}</w:p>`;
const r = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('.docx as Word writes it', () => {
  it('maps style ids to names, headings by name, base style and outline level, lists by numbering in the style', async () => {
    const bytes = await wordStyleDocx(
      [p(r('第一章'), '1'), p(r('部門標題文字'), 'MyHeading'), p(r('大綱三'), 'Outline3'), p(r('項目'), 'ListBullet'), p(r('一般'))].join(''),
    );
    const read = await readDocxBytes(bytes, 'word.docx');
    expect(read.model.blocks.map((b) => [b.kind, b.text, b.style, b.level])).toEqual([
      ['heading', '第一章', 'Heading 1', 1],
      ['heading', '部門標題文字', '部門標題', 1],
      ['heading', '大綱三', 'Outline Three', 3],
      ['list-item', '項目', 'List Bullet', undefined],
      ['paragraph', '一般', 'Normal', undefined],
    ]);
  });

  it('leaves out deleted text, field codes and hidden text; keeps insertions, field results, symbols, text boxes', async () => {
    const body = [
      p(`${r('保留')}<w:del w:id="1"><w:r><w:delText>刪除</w:delText></w:r></w:del><w:ins w:id="2">${r('插入')}</w:ins>`),
      p(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${r('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`),
      p(`${r('看得見')}${r('隱藏', '<w:vanish/>')}<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="SimSun" w:char="2605"/><w:noBreakHyphen/><w:softHyphen/></w:r>`),
      p(`${r('錨')}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${p(r('文字方塊'))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>${p(r('文字方塊'))}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`),
      p(`${r('A &amp; B &lt;C&gt; &#x4F60;&#22909;')}`),
    ].join('');
    const read = await readDocxBytes(await wordStyleDocx(body), 'changes.docx');
    expect(read.model.blocks.map((b) => b.text)).toEqual(['保留插入', '3', '看得見★\u2011', '錨', '文字方塊', 'A & B <C> 你好']);
  });

  it('reads a package whose WordprocessingML uses another prefix', async () => {
    const zip = await JSZip.loadAsync(await wordStyleDocx(''));
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:pPr><x:pStyle x:val="1"/></x:pPr><x:r><x:t>標題</x:t></x:r></x:p></x:body></x:document>',
    );
    const read = await readDocxBytes(await zip.generateAsync({ type: 'nodebuffer' }), 'prefix.docx');
    expect(read.model.blocks.map((b) => [b.kind, b.text])).toEqual([['heading', '標題']]);
  });
});

describe('.docx errors name the file', () => {
  it('not a ZIP', async () => {
    await expect(readDocumentBytes(Buffer.from('這不是 Word 文件'), 'fake.docx')).rejects.toThrow('fake.docx: is not a .docx file (it is not a ZIP package, or it is damaged)');
    expect(() => readDocxParagraphsSync(Buffer.from('nope'), 'fake.docx')).toThrow('fake.docx: is not a .docx file');
  });

  it('a truncated package', async () => {
    const bytes = await sampleDocx();
    await expect(readDocumentBytes(bytes.subarray(0, bytes.length / 2), 'cut.docx')).rejects.toThrow(/^cut\.docx: is (not a \.docx file|damaged)/);
  });

  it('a ZIP that is not a Word document', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    await expect(readDocumentBytes(await zip.generateAsync({ type: 'nodebuffer' }), 'other.docx')).rejects.toThrow('other.docx: is not a Word document (it has no word/document.xml)');
  });

  it('damaged XML', async () => {
    const zip = await JSZip.loadAsync(await wordStyleDocx(p(r('x'))));
    zip.file('word/document.xml', '<w:document xmlns:w="x"><w:body><w:p></w:body></w:document>');
    await expect(readDocumentBytes(await zip.generateAsync({ type: 'nodebuffer' }), 'bad.docx')).rejects.toThrow(/^bad\.docx: is damaged \(word\/document\.xml: unexpected <\/w:body>/);
  });

  it('an old .doc or encrypted file renamed .docx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expect(readDocumentBytes(ole, 'old.docx')).rejects.toThrow('old.docx: is an old Word .doc file or a password-protected document; save it as an unprotected .docx and try again');
  });
});
