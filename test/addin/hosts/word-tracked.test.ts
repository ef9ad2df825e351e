/// <reference types="office-js" />
/**
 * Documents as Word holds them: tracked changes. `paragraph.text` keeps deleted runs, so the host reads the reviewed
 * text (WordApi 1.4) where it differs, leaves fixes that touch a pending revision alone (WordApi 1.6 cross-checks
 * with getTrackedChanges), and says what it did not check.
 */
import { createChecker } from '../../../src/core/checks';
import { createWordHost } from '../../../src/addin/hosts/word';
import { alignRevisions, currentToRaw, touchesRevision } from '../../../src/addin/hosts/word-revisions';
import type { TextEdit } from '../../../src/addin/hosts/document-host';
import { WordMock, wordDocument } from './support/word-mock';

afterEach(() => WordMock.uninstall());

function editIn(text: string, block: string, find: string, replacement: string): TextEdit {
  const start = text.indexOf(find);
  if (start < 0) throw new Error('test setup: text not found');
  return { block, start, end: start + find.length, text: find, replacement };
}

describe('revision alignment', () => {
  it('lines Word text up with the reviewed texts', () => {
    // raw: 請於[本月內]{下月}回覆 — "本月內" deleted, "下月" inserted.
    const map = alignRevisions('請於本月內下月回覆', '請於下月回覆', '請於本月內回覆');
    expect(map.aligned).toBe(true);
    expect(map.current).toBe('請於下月回覆');
    expect(touchesRevision(map, 2, 4)).toBe(true); // the inserted text
    expect(touchesRevision(map, 0, 2)).toBe(true); // borders the deletion
    expect(touchesRevision(map, 4, 6)).toBe(false);
    expect(currentToRaw(map, 4, 6)).toEqual({ start: 7, end: 9 });
  });

  it('refuses to guess when the texts do not line up, and when Word lists other changes', () => {
    expect(alignRevisions('甲乙', '丙', '甲乙').aligned).toBe(false);
    const map = alignRevisions('甲乙丙', '甲乙丙', '甲乙', [{ type: 'Added', text: '乙丙' }]);
    expect(map.aligned).toBe(false);
  });
});

describe('reading a document with tracked changes', () => {
  it('checks what the document says now: deleted text not checked, inserted text checked', async () => {
    const mock = wordDocument({
      paragraphs: ['通告', '本署[-呢個-]安排如下。', '請[+喺+]本月內回覆。'],
      supported: { WordApi: '1.4' },
    });
    const model = await createWordHost().read('document');
    expect(model.blocks.map((b) => b.text)).toEqual(['通告', '本署安排如下。', '請喺本月內回覆。']);
    const findings = createChecker({ ruleSets: ['hk-zh-formal'] }).check(model, {});
    const flagged = findings.map((f) => f.text);
    expect(flagged).not.toContain('呢個');
    expect(flagged).toContain('喺');
    // Sync 1 found revisions (Current differs from Original); sync 2 read every paragraph's reviewed text at once.
    expect(mock.syncs).toBe(2);
    expect(model.notes?.pendingRevisions).toBe(2);
  });

  it('stays at ONE sync when nothing is tracked', async () => {
    const mock = wordDocument({ paragraphs: ['甲。', '乙。'], supported: { WordApi: '1.6' } });
    const model = await createWordHost().read('document');
    expect(mock.syncs).toBe(1);
    expect(model.notes?.pendingRevisions).toBeUndefined();
  });

  it('before WordApi 1.4 reads text as Word gives it, without asking for what it lacks', async () => {
    const mock = wordDocument({ paragraphs: ['本署[-呢個-]安排。'], supported: { WordApi: '1.3' } });
    const model = await createWordHost().read('document');
    expect(mock.syncs).toBe(1);
    expect(model.blocks[0].text).toBe('本署呢個安排。');
  });

  it('our own tracked fix is not re-reported by the next check', async () => {
    const mock = wordDocument({ paragraphs: ['請致電呢個號碼。'], supported: { WordApi: '1.4' } });
    const host = createWordHost();
    const checker = createChecker({ ruleSets: ['hk-zh-formal'] });
    const first = checker.check(await host.read('document'), {});
    const finding = first.find((f) => f.text === '呢個');
    expect(finding).toBeDefined();
    const fix = finding!.fixes[0].replacement;
    const result = await host.applyEdits([{ block: finding!.block, start: finding!.start, end: finding!.end, text: finding!.text, replacement: fix }], { trackChanges: true });
    expect(result.applied).toBe(1);
    expect(mock.texts()[0]).toContain('呢個'); // still there, as a deleted revision
    const again = checker.check(await host.read('document'), {});
    expect(again.map((f) => f.text)).not.toContain('呢個');
  });

  it('applies a fix beside a revision in Word coordinates, and leaves fixes touching a revision alone', async () => {
    const mock = wordDocument({ paragraphs: ['請[-儘快-][+盡快+]回覆，这是通知。'], supported: { WordApi: '1.6' } });
    const host = createWordHost();
    const model = await host.read('document');
    const text = model.blocks[0].text;
    expect(text).toBe('請盡快回覆，这是通知。');
    const result = await host.applyEdits(
      [editIn(text, 'p0', '这', '這'), editIn(text, 'p0', '盡快', '儘快')],
      { trackChanges: false },
    );
    expect(result.applied).toBe(1);
    expect(result.details).toEqual([expect.objectContaining({ reason: 'revision' })]);
    expect(mock.reviewedTexts()[0]).toBe('請盡快回覆，這是通知。');
    // Word's own list of changes was read (WordApi 1.6).
    expect(mock.log.some((o) => o.op === 'search')).toBe(true);
  });

  it('clips a selection read to the selection in reviewed-text offsets', async () => {
    wordDocument({
      paragraphs: ['前言。', '本署[-呢個-]安排如下，请留意。'],
      supported: { WordApi: '1.4' },
      selection: { start: [1, 4], end: [1, 12] },
    });
    const host = createWordHost();
    const model = await host.read('selection');
    // Word's offsets 4..12 (after the deleted 呢個) are 2..10 of what the paragraph now says.
    expect(model.blocks.map((b) => [b.id, b.text])).toEqual([['p1:2', '安排如下，请留意']]);
  });

  it('says what it did not check: notes counted from WordApi 1.5, unknown before', async () => {
    wordDocument({ paragraphs: ['甲'], supported: { WordApi: '1.5' }, footnotes: 2, endnotes: 0 });
    const notes = (await createWordHost().read('document')).notes;
    expect(notes?.notChecked).toEqual(expect.arrayContaining(['footnotes', 'headers-footers', 'text-boxes']));
    expect(notes?.notChecked).not.toContain('endnotes');
    WordMock.uninstall();
    wordDocument({ paragraphs: ['甲'], supported: { WordApi: '1.3' } });
    expect((await createWordHost().read('document')).notes?.notChecked).toEqual(expect.arrayContaining(['footnotes', 'endnotes']));
  });
});
