/// <reference types="office-js" />
/**
 * Applying fixes in Word when part of the document will not take them: a failed batch (mode restored, the other
 * fixes applied), read-only content controls, and a text that also sits in a text box.
 */
import { createWordHost } from '../../../src/addin/hosts/word';
import type { TextEdit } from '../../../src/addin/hosts/document-host';
import { WordMock, wordDocument } from './support/word-mock';

afterEach(() => WordMock.uninstall());

function editAt(texts: string[], index: number, text: string, replacement: string): TextEdit {
  const start = texts[index].indexOf(text);
  if (start < 0) throw new Error('test setup: text not found');
  return { block: `p${index}`, start, end: start + text.length, text, replacement };
}

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `第${i}段：这个安排。`);

describe('a batch that fails part-way', () => {
  it('restores the tracking mode and still applies every other fix', async () => {
    // Word refuses the fix in paragraph 20 (say, a field result); the batch throws there.
    const mock = wordDocument({
      paragraphs: paragraphs(50),
      supported: { WordApi: '1.4' },
      changeTrackingMode: 'Off',
      failWhen: (op) => op.op === 'insertText' && op.paragraph === 20,
    });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    const edits = texts.map((_, i) => editAt(texts, i, '这个', '這個'));
    const result = await host.applyEdits(edits, { trackChanges: true });
    expect(result.applied).toBe(49);
    expect(result.details).toEqual([{ edit: edits[20], reason: 'failed' }]);
    expect(mock.mode).toBe('Off');
    mock.reviewedTexts().forEach((t, i) => expect(t).toBe(i === 20 ? '第20段：这个安排。' : `第${i}段：這個安排。`));
  });

  it('restores the mode even when Word refuses the first fix of the batch', async () => {
    const mock = wordDocument({
      paragraphs: ['这是。', '这是。'],
      supported: { WordApi: '1.4' },
      changeTrackingMode: 'TrackMineOnly',
      failWhen: (op) => op.op === 'insertText' && op.paragraph === 0,
    });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    const result = await host.applyEdits([editAt(texts, 0, '这', '這'), editAt(texts, 1, '这', '這')], { trackChanges: true });
    expect(result.applied).toBe(1);
    expect(mock.mode).toBe('TrackMineOnly');
    expect(mock.reviewedTexts()).toEqual(['这是。', '這是。']);
  });

  it('untracked: the fixes Word applied before the failure are counted, not applied twice', async () => {
    const mock = wordDocument({
      paragraphs: ['这这这。'],
      failWhen: (op) => op.op === 'insertText' && op.text === '這!' ,
    });
    const host = createWordHost();
    await host.read('document');
    const edits: TextEdit[] = [
      { block: 'p0', start: 0, end: 1, text: '这', replacement: '這' },
      { block: 'p0', start: 1, end: 2, text: '这', replacement: '這!' },
      { block: 'p0', start: 2, end: 3, text: '这', replacement: '這' },
    ];
    const result = await host.applyEdits(edits, { trackChanges: false });
    expect(result.applied).toBe(2);
    expect(result.details?.map((d) => d.reason)).toEqual(['failed']);
    expect(mock.texts()).toEqual(['這这這。']);
  });
});

describe('read-only content controls', () => {
  it('skips fixes inside a control that cannot be edited, reports them, and applies the rest in one batch', async () => {
    const mock = wordDocument({
      paragraphs: [{ text: '这是鎖定的抬頭。', locked: true }, '这是正文。', '这是結尾。'],
      supported: { WordApi: '1.4' },
    });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    const before = mock.syncs;
    const edits = texts.map((_, i) => editAt(texts, i, '这', '這'));
    const result = await host.applyEdits(edits, { trackChanges: false });
    expect(result.applied).toBe(2);
    expect(result.details).toEqual([{ edit: edits[0], reason: 'read-only' }]);
    expect(mock.texts()).toEqual(['这是鎖定的抬頭。', '這是正文。', '這是結尾。']);
    // Found in the same sync as the search: no extra round trip, no refused action.
    expect(mock.syncs - before).toBe(2);
    expect(mock.log.some((o) => o.op.startsWith('refused'))).toBe(false);
  });
});

describe('a text that also occurs where the paragraphs do not reach', () => {
  it('a text box holding the same words does not disable the fix in the body', async () => {
    const mock = wordDocument({ paragraphs: ['甲段这样。', '乙段这样。'], textBoxes: ['图表：这样'] });
    const host = createWordHost();
    await host.read('document');
    const texts = mock.texts();
    const before = mock.syncs;
    const result = await host.applyEdits([editAt(texts, 0, '这样', '這樣'), editAt(texts, 1, '这样', '這樣')], { trackChanges: false });
    expect(result).toMatchObject({ applied: 2, skipped: 0 });
    expect(mock.texts()).toEqual(['甲段這樣。', '乙段這樣。']);
    // Body-wide counts disagreed, so only those paragraphs were searched: one more read, still one write.
    expect(mock.syncs - before).toBe(3);
    expect(mock.log.filter((o) => o.op === 'search' && o.paragraph !== undefined).map((o) => o.paragraph)).toEqual([0, 1]);
  });
});
