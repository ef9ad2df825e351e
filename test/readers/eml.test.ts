import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToText, readDocument, readEmlBytes } from '../../src/node/readers';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const blocks = (r: { model: { blocks: Array<{ kind: string; text: string }> } }) => r.model.blocks.map((b) => [b.kind, b.text]);

describe('.eml', () => {
  it('reads a UTF-8 quoted-printable message: subject as a heading, then the body one line a block', async () => {
    const r = await readDocument(fixture('utf8-qp.eml'));
    expect(r.format).toBe('eml');
    expect(blocks(r)).toEqual([
      ['heading', '關於街市衞生的查詢'],
      ['paragraph', '敬啟者：'],
      ['paragraph', ''],
      ['paragraph', '我想問點解街市咁污糟，𠝹😀佢哋幾時會清潔？'],
      ['paragraph', ''],
      ['paragraph', '陳大文'],
    ]);
    expect(r.model.blocks[0]).toMatchObject({ level: 1, style: 'Subject' });
    expect(r.text).toBe(r.model.blocks.map((b) => b.text).join('\n'));
    expect(r.model.blocks[3].offset).toBe(r.text.indexOf('我想問'));
  });

  it('decodes Big5 bodies and subjects (base64)', async () => {
    const r = await readDocument(fixture('big5-base64.eml'));
    expect(blocks(r)).toEqual([
      ['heading', '街市查詢'],
      ['paragraph', '陳先生：'],
      ['paragraph', ''],
      ['paragraph', '佢哋嘅申請已經收到。'],
    ]);
  });

  it('decodes Big5 quoted-printable, HKSCS characters included', async () => {
    const r = await readDocument(fixture('big5-qp.eml'));
    expect(blocks(r)).toEqual([
      ['heading', 'Re: enquiry'],
      ['paragraph', '多謝你嘅來信。'],
      ['paragraph', '我哋會跟進。'],
    ]);
  });

  it('reads the text part of multipart/alternative, not the HTML one', async () => {
    const r = await readDocument(fixture('alternative.eml'));
    expect(r.text).toBe('Re: Market hygiene\nDear Mr Chan,\n\nThank you for your email about the market. We will organise more cleansing.\n\nYours sincerely,');
    expect(r.text).not.toContain('HTML PART ONLY');
  });

  it('converts an HTML-only body without re-wrapping long lines', async () => {
    const r = await readDocument(fixture('html-only.eml'));
    const texts = r.model.blocks.map((b) => b.text).filter(Boolean);
    expect(texts).toEqual([
      '回覆：街市',
      '陳先生：',
      '多謝你嘅來信。This sentence is deliberately much longer than eighty characters so that a wrapping converter would break it.',
      '• 第一點',
      '甲',
      '乙',
      '食物環境衞生署',
    ]);
  });

  it('refuses a file with no headers', async () => {
    await expect(readEmlBytes(Buffer.from('just some text\n'), 'note.eml')).rejects.toThrow('note.eml: is not an e-mail message (it has no headers)');
    await expect(readEmlBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0xff]), 'zip.eml')).rejects.toThrow('zip.eml: is not an e-mail message');
  });

  it('keeps the same text when read from bytes', async () => {
    const bytes = readFileSync(fixture('utf8-qp.eml'));
    expect((await readEmlBytes(bytes, 'x.eml')).text).toBe((await readDocument(fixture('utf8-qp.eml'))).text);
  });

  it('htmlToText keeps headings as written', () => {
    expect(htmlToText('<h1>Notice to Tenants</h1><p>Text</p>')).toBe('Notice to Tenants\n\nText');
  });
});
