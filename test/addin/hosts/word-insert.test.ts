/// <reference types="office-js" />
/**
 * Inserting where the officer means it: at the cursor, in place of the selection, as real Word lists with built-in
 * heading styles, and as a new document.
 */
import { createWordHost, DRAFT_TAG } from '../../../src/addin/hosts/word';
import type { DraftBlock } from '../../../src/addin/hosts/document-host';
import { WordMock, wordDocument } from './support/word-mock';

afterEach(() => WordMock.uninstall());

const SENTENCE: DraftBlock[] = [{ kind: 'paragraph', text: '本署已即時跟進。' }];
const DRAFT: DraftBlock[] = [
  { kind: 'heading', text: '跟進工作', level: 2 },
  { kind: 'list-item', text: '加強清潔。' },
  { kind: 'list-item', text: '增加巡查。' },
  { kind: 'paragraph', text: '如有查詢，請致電本署。' },
];

describe('Replace selection', () => {
  it('replaces a mid-paragraph selection in place: no new paragraph, no hole', async () => {
    // Select 「會盡快處理」 in the middle of the sentence.
    const mock = wordDocument({ paragraphs: ['前言。', '本署會盡快處理此事。', '完。'], selection: { start: [1, 2], end: [1, 7] } });
    await createWordHost().insertDraft([{ kind: 'paragraph', text: '已即時跟進' }], { mode: 'replace-selection' });
    expect(mock.texts()).toEqual(['前言。', '本署已即時跟進此事。', '完。']);
    expect(mock.log.filter((o) => o.op === 'insertParagraph')).toHaveLength(0);
    expect(mock.log.find((o) => o.op === 'insertText')).toMatchObject({ location: 'Replace', text: '已即時跟進' });
    // The polished words carry the draft tag, inline.
    expect(mock.controls[0]).toMatchObject({ tag: DRAFT_TAG });
  });

  it('replaces several whole paragraphs paragraph by paragraph, leaving no empty paragraph', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：', '舊一。', '舊二。', '舊三。', '此致'], selection: { start: [1, 0], end: [3, 3] } });
    await createWordHost().insertDraft([{ kind: 'paragraph', text: '新一。' }, { kind: 'paragraph', text: '新二。' }], { mode: 'replace-selection' });
    expect(mock.texts()).toEqual(['敬啟者：', '新一。', '新二。', '此致']);
  });

  it('a partly selected first and last paragraph keep their unselected text', async () => {
    const mock = wordDocument({ paragraphs: ['甲甲舊一', '舊二', '舊三乙乙'], selection: { start: [0, 2], end: [2, 2] } });
    await createWordHost().insertDraft([{ kind: 'paragraph', text: '新一' }, { kind: 'paragraph', text: '新二' }], { mode: 'replace-selection' });
    expect(mock.texts()).toEqual(['甲甲新一', '新二', '乙乙']);
  });
});

describe('Insert at cursor', () => {
  it('puts a sentence at the cursor, inline', async () => {
    const mock = wordDocument({ paragraphs: ['如有查詢，請致電。'], selection: { start: [0, 5], end: [0, 5] } });
    await createWordHost().insertDraft(SENTENCE, { mode: 'cursor' });
    expect(mock.texts()).toEqual(['如有查詢，本署已即時跟進。請致電。']);
  });

  it('splits the paragraph at a mid-paragraph cursor and puts the draft between the halves', async () => {
    const mock = wordDocument({ paragraphs: ['開首。結尾。'], selection: { start: [0, 3], end: [0, 3] } });
    await createWordHost().insertDraft(DRAFT, { mode: 'cursor' });
    expect(mock.texts()).toEqual(['開首。', ...DRAFT.map((b) => b.text), '結尾。']);
  });

  it('fills an empty paragraph at the cursor instead of leaving it empty above the draft', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：', '', '此致'], selection: { start: [1, 0], end: [1, 0] } });
    await createWordHost().insertDraft(DRAFT, { mode: 'cursor' });
    expect(mock.texts()).toEqual(['敬啟者：', ...DRAFT.map((b) => b.text), '此致']);
  });

  it('goes before the paragraph when the cursor is at its start', async () => {
    const mock = wordDocument({ paragraphs: ['此致'], selection: { start: [0, 0], end: [0, 0] } });
    await createWordHost().insertDraft(DRAFT, { mode: 'cursor' });
    expect(mock.texts()).toEqual([...DRAFT.map((b) => b.text), '此致']);
  });
});

describe('lists and headings', () => {
  it('list items become one real Word list (startNewList), headings take built-in styles, the next paragraph leaves the list', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：'], selection: { start: [0, 4], end: [0, 4] } });
    await createWordHost().insertDraft(DRAFT, { mode: 'cursor' });
    const [heading, one, two, after] = mock.paragraphs.slice(1);
    expect(heading.styleBuiltIn).toBe('Heading2');
    expect(one.listId).toBeDefined();
    expect(two.listId).toBe(one.listId);
    expect(mock.listParagraphs(one.listId!).map((p) => p.text)).toEqual(['加強清潔。', '增加巡查。']);
    expect([one.styleBuiltIn, two.styleBuiltIn]).toEqual(['ListParagraph', 'ListParagraph']);
    expect(after.listId).toBeUndefined();
    expect(after.styleBuiltIn).toBe('Normal');
    expect(mock.log.filter((o) => o.op === 'startNewList')).toHaveLength(1);
  });

  it('two separate runs of items are two lists, and a draft after the officer\'s own list does not join it', async () => {
    const mock = wordDocument({ paragraphs: [{ text: '原有項目', isListItem: true, styleBuiltIn: 'ListParagraph' }], selection: { start: [0, 4], end: [0, 4] } });
    await createWordHost().insertDraft(
      [{ kind: 'list-item', text: '甲' }, { kind: 'paragraph', text: '中段' }, { kind: 'list-item', text: '乙' }],
      { mode: 'cursor' },
    );
    const [, a, middle, b] = mock.paragraphs;
    expect(a.listId).toBeDefined();
    expect(b.listId).toBeDefined();
    expect(b.listId).not.toBe(a.listId);
    expect(middle.listId).toBeUndefined();
  });
});

describe('Insert as a new document', () => {
  it('fills a new document and opens it, where Word lets the add-in fill one before opening', async () => {
    const mock = wordDocument({ paragraphs: ['原文'], supported: { WordApi: '1.3', WordApiHiddenDocument: '1.3' } });
    const host = createWordHost();
    expect(host.can.newDocument).toBe(true);
    await host.insertDraft(DRAFT, { mode: 'new-document' });
    expect(mock.created).toHaveLength(1);
    expect(mock.created[0].opened).toBe(true);
    expect(mock.created[0].paragraphs.map((p) => [p.text, p.styleBuiltIn])).toEqual([
      ['跟進工作', 'Heading2'],
      ['加強清潔。', 'ListParagraph'],
      ['增加巡查。', 'ListParagraph'],
      ['如有查詢，請致電本署。', 'Normal'],
    ]);
    expect(mock.texts()).toEqual(['原文']);
  });

  it('is not offered where Word cannot fill an unopened document', () => {
    wordDocument({ paragraphs: ['原文'], supported: { WordApi: '1.3' } });
    expect(createWordHost().can.newDocument).toBe(false);
  });

  it('opens a filled .docx from the gateway as a new document', async () => {
    const mock = wordDocument({ paragraphs: ['原文'] });
    await createWordHost().insertDocx!('UEsDBBQAAAAIAA==', { mode: 'new-document' });
    expect(mock.created).toEqual([expect.objectContaining({ base64: 'UEsDBBQAAAAIAA==', opened: true })]);
  });
});
