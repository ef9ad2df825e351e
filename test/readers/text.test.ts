import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentReadError, readDocument, readDocumentBytes } from '../../src/node/readers';
import { firstInvalidUtf8 } from '../../src/node/readers/text';

const dir = mkdtempSync(join(tmpdir(), 'wenshu-readers-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('.txt and .md', () => {
  it('reads UTF-8 text one block a line, offsets into the file text (CRLF kept in text, dropped from blocks)', async () => {
    const r = await readDocument(file('a.txt', '第一行\r\n𠝹😀第二行\r\n'));
    expect(r.format).toBe('txt');
    expect(r.text).toBe('第一行\r\n𠝹😀第二行\r\n');
    expect(r.model.blocks.map((b) => [b.text, b.offset])).toEqual([
      ['第一行', 0],
      ['𠝹😀第二行', 5],
      ['', 14],
    ]);
    expect(r.bom).toBe(false);
  });

  it('drops a UTF-8 byte-order mark and remembers it', async () => {
    const r = await readDocument(file('bom.txt', '\ufeff佢係'));
    expect(r.text).toBe('佢係');
    expect(r.bom).toBe(true);
    expect(r.model.blocks[0]).toMatchObject({ text: '佢係', offset: 0 });
  });

  it('reads Markdown headings and list items without their markers', async () => {
    const r = await readDocument(file('a.md', '# 標題\n\n- 第一點\n1. 第二點\n內文'));
    expect(r.format).toBe('md');
    expect(r.model.blocks.map((b) => [b.kind, b.text, b.offset])).toEqual([
      ['heading', '標題', 2],
      ['paragraph', '', 5],
      ['list-item', '第一點', 8],
      ['list-item', '第二點', 15],
      ['paragraph', '內文', 19],
    ]);
    expect(r.model.blocks[0].level).toBe(1);
  });

  it('refuses a file that is not UTF-8 (Big5), naming the file and the line', async () => {
    // "第一行\n" in UTF-8, then 佢哋 in Big5-HKSCS
    const bytes = new Uint8Array([...Buffer.from('第一行\n'), 0xca, 0x5c, 0x92, 0x5d]);
    const p = file('big5.txt', bytes);
    await expect(readDocument(p)).rejects.toThrow(DocumentReadError);
    await expect(readDocument(p)).rejects.toThrow(`${p}: is not valid UTF-8 (first bad byte at line 2); save it as UTF-8 (it may be Big5 or GB18030) and try again`);
  });

  it('refuses UTF-16 with a clear reason', async () => {
    const p = file('u16.txt', new Uint8Array([0xff, 0xfe, 0x60, 0x4f]));
    await expect(readDocument(p)).rejects.toThrow(/is UTF-16 .*save it as UTF-8/);
  });

  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from('a😀b'))).toBe(6);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xe4, 0xbd]))).toBe(0); // cut short
  });
});

describe('readDocument', () => {
  it('refuses an unknown extension', async () => {
    await expect(readDocument('notes.xyz')).rejects.toThrow('notes.xyz: unsupported file type .xyz (expected .txt, .md, .docx, .eml)');
    await expect(readDocument('README')).rejects.toThrow('README: unsupported file type (no extension) (expected .txt, .md, .docx, .eml)');
  });

  it('says when a file is missing or is a folder', async () => {
    await expect(readDocument(join(dir, 'missing.txt'))).rejects.toThrow(/missing\.txt: no such file$/);
    const sub = join(dir, 'folder.md');
    require('node:fs').mkdirSync(sub);
    await expect(readDocument(sub)).rejects.toThrow(/folder\.md: is a directory, not a file$/);
  });

  it('reads bytes already in memory', async () => {
    const r = await readDocumentBytes(Buffer.from('# 題'), 'x.md');
    expect(r.model.blocks[0]).toMatchObject({ kind: 'heading', text: '題' });
  });
});
