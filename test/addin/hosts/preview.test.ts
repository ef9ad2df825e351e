/**
 * @jest-environment jsdom
 */
import { createPreviewHost, setPreviewText, type PreviewHost } from '../../../src/addin/hosts/preview';
import { isHostError } from '../../../src/addin/hosts/errors';
import { detectHost } from '../../../src/addin/hosts/index';

let element: HTMLElement;
let host: PreviewHost;

function setup(text: string): void {
  element = document.createElement('div');
  document.body.replaceChildren(element);
  setPreviewText(element, text);
  host = createPreviewHost(element);
}

afterEach(() => host?.dispose());

function selectText(startBlock: number, start: number, endBlock: number, end: number): void {
  const blocks = element.querySelectorAll('p,h1,h2,h3,li');
  const range = document.createRange();
  range.setStart(blocks[startBlock].firstChild as Node, start);
  range.setEnd(blocks[endBlock].firstChild as Node, end);
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
}

function caretAt(block: number, offset: number): void {
  selectText(block, offset, block, offset);
}

const paragraphs = () => Array.from(element.querySelectorAll('p,h1,h2,h3,li')).map((el) => el.textContent);

describe('preview host', () => {
  it('reads one block per paragraph, with data-block-id attributes', async () => {
    setup('敬啟者：\n𠮷野家嘅食物好好食。\n\n此致');
    element.insertAdjacentHTML('afterbegin', '<h2>回覆</h2>');
    const model = await host.read('document');
    expect(model.blocks.map((b) => [b.id, b.kind, b.level, b.text])).toEqual([
      ['p0', 'heading', 2, '回覆'],
      ['p1', 'paragraph', undefined, '敬啟者：'],
      ['p2', 'paragraph', undefined, '𠮷野家嘅食物好好食。'],
      ['p3', 'paragraph', undefined, ''],
      ['p4', 'paragraph', undefined, '此致'],
    ]);
    expect(Array.from(element.children).map((c) => c.getAttribute('data-block-id'))).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(model.source).toBe('回覆\n敬啟者：\n𠮷野家嘅食物好好食。\n\n此致');
    expect(element.getAttribute('contenteditable')).toBe('true');
  });

  it('applies edits at UTF-16 offsets after astral characters, and reads them back', async () => {
    setup('𠮷野家嘅食物好好食，佢哋話。');
    const { blocks } = await host.read('document');
    const text = blocks[0].text;
    const at = (s: string) => text.indexOf(s);
    const result = await host.applyEdits(
      [
        { block: 'p0', start: at('嘅'), end: at('嘅') + 1, text: '嘅', replacement: '的' },
        { block: 'p0', start: at('佢哋'), end: at('佢哋') + 2, text: '佢哋', replacement: '他們' },
        { block: 'p0', start: at('好好食'), end: at('好好食') + 3, text: '好好食', replacement: '美味' },
      ],
      { trackChanges: false },
    );
    expect(result).toEqual({ applied: 3, skipped: 0, details: [] });
    expect((await host.read('document')).blocks[0].text).toBe('𠮷野家的食物美味，他們話。');
  });

  it('lets later fixes from the same read land, and skips text that changed', async () => {
    setup('呢個係咁嘅安排。\n佢哋會跟進。');
    await host.read('document');
    expect((await host.applyEdits([{ block: 'p0', start: 0, end: 2, text: '呢個', replacement: '這個' }], { trackChanges: false })).applied).toBe(1);
    expect((await host.applyEdits([{ block: 'p0', start: 2, end: 5, text: '係咁嘅', replacement: '是這樣的' }], { trackChanges: false })).applied).toBe(1);
    // The officer edits the second paragraph: the fix from the old read must not land.
    element.querySelectorAll('p')[1].firstChild!.textContent = '佢哋明天會跟進。';
    const result = await host.applyEdits([{ block: 'p1', start: 0, end: 2, text: '佢哋', replacement: '他們' }], { trackChanges: false });
    expect(result).toMatchObject({ applied: 0, skipped: 1, details: [{ reason: 'changed' }] });
    expect(paragraphs()).toEqual(['這個是這樣的安排。', '佢哋明天會跟進。']);
  });

  it('finds its paragraph when Enter copied the data-block-id to a new one', async () => {
    setup('第一段\n第二段这里');
    await host.read('document');
    const second = element.children[1] as HTMLElement;
    const split = second.cloneNode(false) as HTMLElement;
    split.textContent = '新段';
    element.insertBefore(split, second);
    const result = await host.applyEdits([{ block: 'p1', start: 3, end: 4, text: '这', replacement: '這' }], { trackChanges: false });
    expect(result.applied).toBe(1);
    expect(paragraphs()).toEqual(['第一段', '新段', '第二段這里']);
  });

  it('selects the exact text of a finding', async () => {
    setup('前言\n𠮷野家嘅食物');
    await host.read('document');
    await host.select({ block: 'p1', start: 4, end: 5, text: '嘅' });
    expect(window.getSelection()!.toString()).toBe('嘅');
    await host.select({ block: 'p1', start: 0, end: 3, text: '𠮷野' });
    expect(window.getSelection()!.toString()).toBe('𠮷野');
    const error = await host.select({ block: 'p1', start: 0, end: 2, text: '前言' }).catch((e: unknown) => e);
    expect(isHostError(error, 'target-changed')).toBe(true);
  });

  it('reads the selection clipped to it, and fixes land on the paragraph', async () => {
    setup('前言。\n請於本月內回覆本署。\n如有查詢，請致電。\n完。');
    selectText(1, 2, 2, 5);
    const model = await host.read('selection');
    expect(model.blocks.map((b) => [b.id, b.text])).toEqual([
      ['p1:2', '本月內回覆本署。'],
      ['p2', '如有查詢，'],
    ]);
    caretAt(3, 0);
    const result = await host.applyEdits([{ block: 'p1:2', start: 0, end: 2, text: '本月', replacement: '本月份' }], { trackChanges: false });
    expect(result.applied).toBe(1);
    expect(paragraphs()[1]).toBe('請於本月份內回覆本署。');
    caretAt(0, 1);
    expect((await host.read('selection')).blocks).toEqual([]);
  });

  it('inserts a draft after the caret paragraph, in a wenshu-ai-draft section, as text (never HTML)', async () => {
    setup('敬啟者：\n此致');
    caretAt(0, 4);
    await host.insertDraft(
      [
        { kind: 'heading', text: '回覆：街市衞生', level: 1 },
        { kind: 'paragraph', text: '<img src=x onerror="alert(1)">多謝來信。' },
        { kind: 'list-item', text: '已派員清理。' },
        { kind: 'list-item', text: '會到𠮷野家巡查。' },
      ],
      { mode: 'cursor' },
    );
    const section = element.querySelector('section[data-tag="wenshu-ai-draft"]')!;
    expect(section).not.toBeNull();
    expect(section.previousElementSibling?.textContent).toBe('敬啟者：');
    expect(section.querySelector('img')).toBeNull();
    expect(Array.from(section.children).map((c) => c.tagName)).toEqual(['H1', 'P', 'OL']);
    const model = await host.read('document');
    expect(model.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', '敬啟者：'],
      ['heading', '回覆：街市衞生'],
      ['paragraph', '<img src=x onerror="alert(1)">多謝來信。'],
      ['list-item', '已派員清理。'],
      ['list-item', '會到𠮷野家巡查。'],
      ['paragraph', '此致'],
    ]);
  });

  it('replaces the selection with the draft, and fills an empty document', async () => {
    setup('敬啟者：\n[正文]\n此致');
    selectText(1, 0, 1, 4);
    await host.insertDraft([{ kind: 'paragraph', text: '多謝來信。' }], { mode: 'replace-selection' });
    expect(paragraphs()).toEqual(['敬啟者：', '多謝來信。', '此致']);

    setup('');
    caretAt(0, 0);
    await host.insertDraft([{ kind: 'paragraph', text: '草稿' }], { mode: 'cursor' });
    expect(element.children).toHaveLength(1);
    expect(element.children[0].getAttribute('data-tag')).toBe('wenshu-ai-draft');
  });

  it('replaces a mid-paragraph selection in place, with the same semantics as Word', async () => {
    setup('前言。\n本署會盡快處理此事。\n完。');
    selectText(1, 2, 1, 7);
    await host.insertDraft([{ kind: 'paragraph', text: '已即時跟進' }], { mode: 'replace-selection' });
    expect(paragraphs()).toEqual(['前言。', '本署已即時跟進此事。', '完。']);
    expect(element.querySelector('span[data-tag="wenshu-ai-draft"]')?.textContent).toBe('已即時跟進');
    expect((await host.read('document')).blocks.map((b) => b.text)).toEqual(['前言。', '本署已即時跟進此事。', '完。']);
  });

  it('a sentence goes in at the cursor; several blocks split the paragraph at the cursor, lists as one list', async () => {
    setup('如有查詢，請致電。');
    caretAt(0, 5);
    await host.insertDraft([{ kind: 'paragraph', text: '本署已跟進。' }], { mode: 'cursor' });
    expect(paragraphs()).toEqual(['如有查詢，本署已跟進。請致電。']);

    setup('開首。結尾。');
    caretAt(0, 3);
    await host.insertDraft(
      [
        { kind: 'list-item', text: '甲' },
        { kind: 'list-item', text: '乙' },
      ],
      { mode: 'cursor' },
    );
    expect(paragraphs()).toEqual(['開首。', '甲', '乙', '結尾。']);
    expect(element.querySelectorAll('section ol')).toHaveLength(1);
    expect(element.querySelectorAll('section ol > li')).toHaveLength(2);
  });

  it('replaces several paragraphs without leaving an empty one', async () => {
    setup('敬啟者：\n舊一。\n舊二。\n此致');
    selectText(1, 0, 2, 3);
    await host.insertDraft(
      [
        { kind: 'paragraph', text: '新一。' },
        { kind: 'paragraph', text: '新二。' },
      ],
      { mode: 'replace-selection' },
    );
    expect(paragraphs()).toEqual(['敬啟者：', '新一。', '新二。', '此致']);
  });

  it('keeps the caret where it was when typing into the root makes a paragraph', () => {
    setup('');
    const typed = document.createTextNode('打字');
    element.replaceChildren(typed);
    window.getSelection()!.collapse(typed, 2);
    element.dispatchEvent(new Event('input', { bubbles: true }));
    expect(element.innerHTML).toBe('<p>打字</p>');
    expect(window.getSelection()!.anchorNode).toBe(typed);
    expect(window.getSelection()!.anchorOffset).toBe(2);
  });

  it('ignores the page indentation between paragraphs', async () => {
    element = document.createElement('div');
    element.innerHTML = '\n  <p>甲</p>\n  <p>乙</p>\n';
    host = createPreviewHost(element);
    expect((await host.read('document')).blocks.map((b) => b.text)).toEqual(['甲', '乙']);
  });

  it('wraps text typed into the root, and pastes plain text only', async () => {
    setup('');
    element.replaceChildren(document.createTextNode('直接輸入的文字'));
    expect((await host.read('document')).blocks.map((b) => b.text)).toEqual(['直接輸入的文字']);

    caretAt(0, 2);
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    Object.defineProperty(paste, 'clipboardData', {
      value: { getData: (type: string) => (type === 'text/plain' ? '貼上' : '<img src=x onerror=alert(1)>') },
    });
    element.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(element.querySelector('img')).toBeNull();
    expect(paragraphs()).toEqual(['直接貼上輸入的文字']);
  });

  it('keeps ignored keys in memory, not in localStorage, and reports the browser language', async () => {
    setup('甲');
    await host.saveIgnored(['a', 'b', 'a']);
    expect(await host.loadIgnored()).toEqual(['a', 'b']);
    expect(window.localStorage.length).toBe(0);
    expect(host.displayLanguage).toBe(navigator.language);
    expect(host.kind).toBe('preview');
    expect(host.can).toMatchObject({ read: true, select: true, fix: true, insert: true, trackChanges: false, insertDocx: false, annotate: false });
  });
});

describe('detectHost', () => {
  it('gives the preview host outside Office, and refuses without a preview element', () => {
    const el = document.createElement('div');
    const h = detectHost({ host: null, platform: null, language: 'zh-HK' }, el) as PreviewHost;
    expect(h.kind).toBe('preview');
    expect(h.displayLanguage).toBe('zh-HK');
    h.dispose();
    expect(() => detectHost({ host: null, platform: null, language: 'en' })).toThrow('preview');
    expect(() => detectHost({ host: 'Excel', platform: 'PC', language: 'en' })).toThrow('Excel');
  });
});
