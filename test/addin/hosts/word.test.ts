/// <reference types="office-js" />
import { createWordHost, DRAFT_TAG, DRAFT_TITLE, headingLevel, wordSearchText } from '../../../src/addin/hosts/word';
import type { TextEdit } from '../../../src/addin/hosts/document-host';
import { isHostError } from '../../../src/addin/hosts/errors';
import type { Finding } from '../../../src/core/checks/types';
import { WordMock, wordDocument } from './support/word-mock';

afterEach(() => WordMock.uninstall());

function bigDocument(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `第${i}段：這个安排係由本署負責，如有查詢請致電。`);
}

/** An edit for the k-th occurrence of `text` in paragraph `index` of `texts`. */
function editAt(texts: string[], index: number, text: string, replacement: string, k = 0): TextEdit {
  let start = -1;
  for (let n = 0; n <= k; n++) start = texts[index].indexOf(text, start + 1);
  if (start < 0) throw new Error('test setup: text not found');
  return { block: `p${index}`, start, end: start + text.length, text, replacement };
}

describe('the Word mock itself (office-addin-mock semantics)', () => {
  it('fails when a property is read without load, or before sync', async () => {
    const mock = wordDocument({ paragraphs: ['甲', '乙'] });
    await expect(
      Word.run(async (context) => {
        const ps = context.document.body.paragraphs;
        ps.load('items/style');
        await context.sync();
        return ps.items[0].text;
      }),
    ).rejects.toThrow('Error, property was not loaded');
    await expect(
      Word.run(async (context) => {
        const ps = context.document.body.paragraphs;
        ps.load('items/text');
        return ps.items.length;
      }),
    ).rejects.toThrow('Error, context.sync() was not called');
    await expect(
      Word.run(async (context) => {
        const doc = context.document;
        doc.load('changeTrackingMode');
        return doc.changeTrackingMode;
      }),
    ).rejects.toThrow('Error, context.sync() was not called');
    expect(mock.syncs).toBe(1);
  });
});

describe('read', () => {
  it.each([10, 1000])('reads a document of %i paragraphs in ONE sync', async (n) => {
    const mock = wordDocument({ paragraphs: bigDocument(n) });
    const host = createWordHost();
    const model = await host.read('document');
    expect(mock.syncs).toBe(1);
    expect(model.blocks).toHaveLength(n);
    expect(model.blocks[n - 1]).toMatchObject({ id: `p${n - 1}`, kind: 'paragraph', text: mock.texts()[n - 1], style: 'Normal' });
    expect(model.source?.split('\n')).toEqual(mock.texts());
    expect(model.blocks[1].offset).toBe(mock.texts()[0].length + 1);
  });

  it('maps styles, lists and tables to block kinds', async () => {
    wordDocument({
      paragraphs: [
        { text: '通告', styleBuiltIn: 'Title' },
        { text: '一、背景', styleBuiltIn: 'Heading1' },
        { text: '（甲）細節', styleBuiltIn: 'Heading3' },
        { text: 'Localised heading', styleBuiltIn: 'Other', style: '標題 2' },
        { text: '第一點', styleBuiltIn: 'ListParagraph', isListItem: true },
        { text: '表格內容', tableNestingLevel: 1 },
        { text: '正文。' },
      ],
    });
    const { blocks } = await createWordHost().read('document');
    expect(blocks.map((b) => [b.kind, b.level])).toEqual([
      ['heading', 1],
      ['heading', 1],
      ['heading', 3],
      ['heading', 2],
      ['list-item', undefined],
      ['table-cell', undefined],
      ['paragraph', undefined],
    ]);
    expect(headingLevel('Other', 'Heading 4')).toBe(4);
    expect(headingLevel('Normal', 'Heading 1')).toBeUndefined();
  });

  it('reads the selection in ONE sync, clipped to it, with ids that are body paragraph indices', async () => {
    const mock = wordDocument({
      paragraphs: ['前言。', '請於本月內回覆本署。', '如有查詢，請致電。', '完。'],
      selection: { start: [1, 2], end: [2, 5] },
    });
    const host = createWordHost();
    const model = await host.read('selection');
    expect(mock.syncs).toBe(1);
    expect(model.blocks.map((b) => [b.id, b.text])).toEqual([
      ['p1:2', '本月內回覆本署。'],
      ['p2', '如有查詢，'],
    ]);
    // A fix on the clipped block lands on the paragraph, however the selection moves meanwhile.
    mock.selection = { start: { para: mock.paragraphs[3], offset: 0 }, end: { para: mock.paragraphs[3], offset: 0 } };
    const result = await host.applyEdits([{ block: 'p1:2', start: 0, end: 2, text: '本月', replacement: '本月份' }], { trackChanges: false });
    expect(result).toMatchObject({ applied: 1, skipped: 0 });
    expect(mock.texts()[1]).toBe('請於本月份內回覆本署。');
  });

  it('finds the right paragraph when the selected text repeats in the document', async () => {
    const mock = wordDocument({ paragraphs: ['重複', '其他', '重複', '其他', '重複'], selection: { start: [2, 0], end: [2, 2] } });
    const model = await createWordHost().read('selection');
    expect(mock.syncs).toBe(1);
    expect(model.blocks.map((b) => b.id)).toEqual(['p2']);
  });

  it('returns no blocks for a collapsed selection', async () => {
    wordDocument({ paragraphs: ['甲乙丙'], selection: { start: [0, 1], end: [0, 1] } });
    expect((await createWordHost().read('selection')).blocks).toEqual([]);
  });
});

describe('applyEdits', () => {
  it('applies 50 tracked fixes to a 1,000-paragraph document in 1 read and at most 2 write syncs', async () => {
    const mock = wordDocument({ paragraphs: bigDocument(1000), supported: { WordApi: '1.4' } });
    const host = createWordHost();
    await host.read('document');
    const before = mock.syncs;
    const texts = mock.texts();
    const edits = Array.from({ length: 50 }, (_, k) => editAt(texts, k * 20, '个', '個'));
    const result = await host.applyEdits(edits, { trackChanges: true });
    // Sync 1 locates (the read); sync 2 applies every fix; sync 3 restores the mode in its own Word.run.
    expect(mock.syncs - before).toBeLessThanOrEqual(3);
    expect(mock.log.filter((o) => o.op === 'insertText').every((o) => o.sync === 2)).toBe(true);
    expect(result).toEqual({ applied: 50, skipped: 0, details: [] });
    for (let i = 0; i < 1000; i++) {
      expect(mock.reviewedTexts()[i]).toBe(i % 20 === 0 ? `第${i}段：這個安排係由本署負責，如有查詢請致電。` : texts[i]);
    }
    // One search per distinct text, not one per edit.
    expect(mock.log.filter((o) => o.op === 'search')).toHaveLength(1);
  });

  it('sets TrackAll for the batch and restores the previous mode in its own Word.run', async () => {
    const mock = wordDocument({ paragraphs: ['这是第一段。', '第二段如这。'], supported: { WordApi: '1.4' }, changeTrackingMode: 'Off' });
    const host = createWordHost();
    expect(host.can.trackChanges).toBe(true);
    await host.read('document');
    const texts = mock.texts();
    const start = mock.syncs;
    const runs = mock.runs;
    await host.applyEdits([editAt(texts, 0, '这', '這'), editAt(texts, 1, '这', '這')], { trackChanges: true });
    expect(mock.syncs - start).toBe(3);
    expect(mock.runs - runs).toBe(2);
    const ops = mock.log.filter((o) => ['setMode', 'insertText'].includes(o.op));
    expect(ops.map((o) => [o.op, o.op === 'setMode' ? o.value : o.mode, o.sync])).toEqual([
      ['setMode', 'TrackAll', 2],
      ['insertText', 'TrackAll', 2],
      ['insertText', 'TrackAll', 2],
      ['setMode', 'Off', 1],
    ]);
    expect(mock.mode).toBe('Off');
    // Tracked: Word keeps the old text as a deleted revision; the document now reads as fixed.
    expect(mock.texts()).toEqual(['这這是第一段。', '第二段如这這。']);
    expect(mock.reviewedTexts()).toEqual(['這是第一段。', '第二段如這。']);
  });

  it('leaves the tracking mode alone without trackChanges, and reports no tracking before WordApi 1.4', async () => {
    const mock = wordDocument({ paragraphs: ['这'], supported: { WordApi: '1.3' } });
    const host = createWordHost();
    expect(host.can.trackChanges).toBe(false);
    await host.read('document');
    await host.applyEdits([editAt(mock.texts(), 0, '这', '這')], { trackChanges: true });
    expect(mock.log.some((o) => o.op === 'setMode')).toBe(false);
    expect(mock.texts()).toEqual(['這']);
  });

  it('skips an edit whose paragraph changed since the read, and applies the rest', async () => {
    const mock = wordDocument({ paragraphs: ['甲段这样。', '乙段这样。'] });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    // The text at the edit's offsets is unchanged, but the paragraph is not the one that was read.
    mock.setText(0, '甲段这样，另補充。');
    const result = await host.applyEdits([editAt(texts, 0, '这', '這'), editAt(texts, 1, '这', '這')], { trackChanges: false });
    expect(result.applied).toBe(1);
    expect(result.skipped).toBe(1);
    expect(result.details).toEqual([{ edit: expect.objectContaining({ block: 'p0' }), reason: 'changed' }]);
    expect(mock.texts()).toEqual(['甲段这样，另補充。', '乙段這样。']);
  });

  it('replaces the occurrence at the edit offset, not the first one, with Chinese and astral text', async () => {
    const mock = wordDocument({ paragraphs: ['𠮷野家，𠮷野家，𠮷野家', '𠮷野家'], searchAlsoMatches: { ',': ['，'] } });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    await host.applyEdits([editAt(texts, 0, '𠮷野家', '吉野家', 1), editAt(texts, 1, '𠮷野家', '吉野家')], { trackChanges: false });
    expect(mock.texts()).toEqual(['𠮷野家，吉野家，𠮷野家', '吉野家']);
  });

  it("ignores Word's lenient hits (width variants) when counting occurrences", async () => {
    const mock = wordDocument({ paragraphs: ['甲，乙,丙，丁,戊'], searchAlsoMatches: { ',': ['，'] } });
    const host = createWordHost();
    await host.read('document');
    await host.applyEdits([editAt(mock.texts(), 0, ',', '，', 1)], { trackChanges: false });
    expect(mock.texts()).toEqual(['甲，乙,丙，丁，戊']);
  });

  it('applies a fix longer than 255 characters by expanding its head to its tail', async () => {
    const long = '本署'.repeat(200);
    const mock = wordDocument({ paragraphs: [`開始${long}結束`] });
    const host = createWordHost();
    await host.read('document');
    const start = mock.syncs;
    const result = await host.applyEdits([{ block: 'p0', start: 2, end: 2 + long.length, text: long, replacement: '（刪節）' }], { trackChanges: false });
    expect(result.applied).toBe(1);
    expect(mock.syncs - start).toBe(2);
    expect(mock.texts()).toEqual(['開始（刪節）結束']);
    expect(mock.log.filter((o) => o.op === 'search').every((o) => (o.text ?? '').length <= 255)).toBe(true);
  });

  it('lets later fixes from the same read land after earlier ones changed the paragraph', async () => {
    const mock = wordDocument({ paragraphs: ['呢個係咁嘅安排，佢哋會跟進。'] });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    expect((await host.applyEdits([editAt(texts, 0, '呢個', '這個')], { trackChanges: false })).applied).toBe(1);
    expect((await host.applyEdits([editAt(texts, 0, '佢哋', '他們')], { trackChanges: false })).applied).toBe(1);
    expect((await host.applyEdits([editAt(texts, 0, '係咁嘅', '是這樣的')], { trackChanges: false })).applied).toBe(1);
    expect(mock.texts()).toEqual(['這個是這樣的安排，他們會跟進。']);
  });

  it('inserts text for an empty range and deletes for an empty replacement; overlapping edits are skipped', async () => {
    const mock = wordDocument({ paragraphs: ['請回覆', '多餘的的字'] });
    const host = createWordHost();
    await host.read('document');
    const result = await host.applyEdits(
      [
        { block: 'p0', start: 3, end: 3, text: '', replacement: '。' },
        { block: 'p1', start: 3, end: 4, text: '的', replacement: '' },
        { block: 'p1', start: 3, end: 5, text: '的字', replacement: '字' },
      ],
      { trackChanges: false },
    );
    expect(result).toMatchObject({ applied: 2, skipped: 1, details: [{ reason: 'overlap' }] });
    expect(mock.texts()).toEqual(['請回覆。', '多餘的字']);
  });

  it('skips edits it cannot address', async () => {
    wordDocument({ paragraphs: ['甲'] });
    const host = createWordHost();
    const result = await host.applyEdits([{ block: 'b0', start: 0, end: 1, text: '甲', replacement: '乙' }], { trackChanges: false });
    expect(result).toMatchObject({ applied: 0, skipped: 1, details: [{ reason: 'not-found' }] });
  });
});

describe('select', () => {
  it('selects the exact range in two syncs', async () => {
    const mock = wordDocument({ paragraphs: ['甲乙丙甲乙丙'] });
    const host = createWordHost();
    await host.read('document');
    const start = mock.syncs;
    await host.select({ block: 'p0', start: 3, end: 5, text: '甲乙' });
    expect(mock.syncs - start).toBe(2);
    expect(mock.selection.start.offset).toBe(3);
    expect(mock.selection.end.offset).toBe(5);
  });

  it('refuses to select text that has changed', async () => {
    const mock = wordDocument({ paragraphs: ['甲乙丙'] });
    const host = createWordHost();
    await host.read('document');
    mock.setText(0, '丙乙甲');
    const error = await host.select({ block: 'p0', start: 0, end: 2, text: '甲乙' }).catch((e: unknown) => e);
    expect(isHostError(error, 'target-changed')).toBe(true);
  });
});

describe('insertDraft', () => {
  const draft = [
    { kind: 'heading' as const, text: '回覆：有關街市衞生', level: 1 },
    { kind: 'paragraph' as const, text: '多謝閣下來信。' },
    { kind: 'list-item' as const, text: '本署已加強清潔。' },
    { kind: 'heading' as const, text: '聯絡', level: 2 },
  ];

  it('inserts styled paragraphs in ONE content control tagged wenshu-ai-draft: one read, one write', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：', '此致'], selection: { start: [0, 4], end: [0, 4] } });
    await createWordHost().insertDraft(draft, { mode: 'cursor' });
    expect(mock.syncs).toBe(2);
    expect(mock.controls).toHaveLength(1);
    const control = mock.controls[0];
    expect(control).toMatchObject({ tag: DRAFT_TAG, title: DRAFT_TITLE });
    expect(control.paragraphs.map((p) => [p.text, p.styleBuiltIn])).toEqual([
      ['回覆：有關街市衞生', 'Heading1'],
      ['多謝閣下來信。', 'Normal'],
      ['本署已加強清潔。', 'ListParagraph'],
      ['聯絡', 'Heading2'],
    ]);
    expect(mock.texts()).toEqual(['敬啟者：', ...draft.map((b) => b.text), '此致']);
  });

  it('replaces the selected text in place when asked (no empty paragraph left behind)', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：', '[正文]', '此致'], selection: { start: [1, 0], end: [1, 4] } });
    await createWordHost().insertDraft(draft.slice(1, 2), { mode: 'replace-selection' });
    expect(mock.syncs).toBe(2);
    expect(mock.texts()).toEqual(['敬啟者：', '多謝閣下來信。', '此致']);
  });

  it('as tracked changes: reads the mode with the selection, inserts, then restores it in its own Word.run', async () => {
    const mock = wordDocument({ paragraphs: ['甲'], supported: { WordApi: '1.4' } });
    await createWordHost().insertDraft(draft, { mode: 'cursor', trackChanges: true });
    expect(mock.syncs).toBe(3);
    expect(mock.runs).toBe(2);
    expect(mock.log.filter((o) => o.op === 'insertParagraph').every((o) => o.mode === 'TrackAll' && o.sync === 2)).toBe(true);
    expect(mock.mode).toBe('Off');
  });

  it('inserts a .docx into a tagged content control in one sync', async () => {
    const mock = wordDocument({ paragraphs: ['甲'] });
    await createWordHost().insertDocx!('UEsDBBQAAAAIAA==', { mode: 'cursor' });
    expect(mock.syncs).toBe(1);
    expect(mock.log.find((o) => o.op === 'insertFileFromBase64')).toMatchObject({ location: 'After' });
    expect(mock.controls).toEqual([expect.objectContaining({ tag: DRAFT_TAG, title: DRAFT_TITLE })]);
    await expect(createWordHost().insertDocx!('not base64!', { mode: 'cursor' })).rejects.toThrow('base64');
  });
});

describe('annotate', () => {
  const finding = (block: string, start: number, text: string, level: Finding['level'] = 'error'): Finding => ({
    ruleId: 'hk/colloquial',
    level,
    message: { 'zh-HK': '口語', en: 'Colloquial' },
    block,
    start,
    end: start + text.length,
    text,
    fixes: [],
  });

  it('is not offered before WordApi 1.7', () => {
    wordDocument({ paragraphs: ['甲'], supported: { WordApi: '1.6' } });
    const host = createWordHost();
    expect(host.can.annotate).toBe(false);
    expect(host.annotate).toBeUndefined();
  });

  it('inserts critique annotations with WordApi 1.7, and replaces its own on the next call', async () => {
    const mock = wordDocument({ paragraphs: ['呢個安排', '佢哋會跟進'], supported: { WordApi: '1.7' } });
    const host = createWordHost();
    expect(host.can.annotate).toBe(true);
    await host.read('document');
    const start = mock.syncs;
    await host.annotate!([finding('p0', 0, '呢個'), finding('p1', 0, '佢哋', 'warning')]);
    expect(mock.syncs - start).toBe(2);
    expect(mock.paragraphs[0].annotations.map((a) => a.critique)).toEqual([{ start: 0, length: 2, colorScheme: 'Red' }]);
    expect(mock.paragraphs[1].annotations.map((a) => a.critique)).toEqual([{ start: 0, length: 2, colorScheme: 'Lavender' }]);

    await host.annotate!([finding('p1', 0, '佢哋')]);
    expect(mock.paragraphs[0].annotations).toEqual([]);
    expect(mock.paragraphs[1].annotations.map((a) => a.critique.colorScheme)).toEqual(['Red']);
  });
});

describe('ignored keys and environment', () => {
  it('round-trips ignored keys through the document settings', async () => {
    const mock = wordDocument({ paragraphs: ['甲'] });
    const host = createWordHost();
    expect(await host.loadIgnored()).toEqual([]);
    await host.saveIgnored(['hk/colloquial:呢個', 'hk/colloquial:呢個', 'hk/date']);
    expect(mock.settings.get('wenshu.ignored')).toEqual(['hk/colloquial:呢個', 'hk/date']);
    expect(await host.loadIgnored()).toEqual(['hk/colloquial:呢個', 'hk/date']);
  });

  it('reports the display language and capabilities', () => {
    wordDocument({ paragraphs: ['甲'], displayLanguage: 'zh-HK' });
    const host = createWordHost();
    expect(host.kind).toBe('word');
    expect(host.displayLanguage).toBe('zh-HK');
    expect(host.can).toMatchObject({ read: true, select: true, fix: true, insert: true, insertDocx: true, reply: false });
  });

  it("escapes Word's search syntax", () => {
    expect(wordSearchText('a^b\tc')).toBe('a^^b^tc');
    expect(wordSearchText('a\rb')).toBeNull();
  });
});
