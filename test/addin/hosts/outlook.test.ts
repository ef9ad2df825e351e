/**
 * @jest-environment jsdom
 */
/// <reference types="office-js" />
import { OfficeApp, OfficeMockObject } from './support/office-addin-mock';
import { createOutlookHost, formatSender } from '../../../src/addin/hosts/outlook';
import { officeAsync, promisify, OfficeAsyncError } from '../../../src/addin/hosts/office-async';
import { isHostError } from '../../../src/addin/hosts/errors';

type Callback = (result: unknown) => void;
const ok = (value?: unknown) => ({ status: 'succeeded', value });
const fail = (message: string) => ({ status: 'failed', error: { message, code: 9041, name: 'GenericResponseError' } });
/** Office calls back later, never synchronously. */
const later = (cb: Callback, result: unknown) => setTimeout(() => cb(result), 0);

function customProperties(initial: Record<string, unknown> = {}) {
  const stored = { ...initial };
  const pending = { ...initial };
  return {
    stored,
    get: (name: string) => pending[name],
    set: (name: string, value: unknown) => void (pending[name] = value),
    remove: (name: string) => void delete pending[name],
    saveAsync: (cb: Callback) => {
      Object.assign(stored, pending);
      later(cb, ok());
    },
  };
}

function install(item: Record<string, unknown>) {
  const office = new OfficeMockObject(
    {
      context: { displayLanguage: 'zh-HK', mailbox: { item } },
      CoercionType: { Text: 'text', Html: 'html' },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    },
    OfficeApp.Outlook as never,
  ) as unknown as typeof Office;
  (globalThis as Record<string, unknown>).Office = office;
  return office;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
});

const INCOMING = '陳先生：\r\n\r\n街市附近垃圾堆積，請跟進。\r\n<script>alert(1)</script>';

function readItem(props = customProperties()) {
  const calls: Record<string, unknown[]> = { replyForm: [], getAsync: [] };
  const item = {
    itemType: 'message',
    subject: '查詢：街市衞生',
    from: { displayName: '陳大文', emailAddress: 'tai-man.chan@example.com' },
    body: {
      getAsync: (coercion: unknown, cb: Callback) => {
        calls.getAsync.push(coercion);
        later(cb, ok(INCOMING));
      },
    },
    displayReplyForm: (form: unknown) => void calls.replyForm.push(form),
    loadCustomPropertiesAsync: (cb: Callback) => later(cb, ok(props)),
  };
  return { item, calls, props };
}

function composeItem(options: { bodyType?: string; selected?: string; failBody?: boolean } = {}) {
  const calls: Record<string, unknown[]> = { setSelected: [] };
  const item = {
    itemType: 'message',
    subject: { getAsync: (cb: Callback) => later(cb, ok('回覆：查詢')) },
    body: {
      getAsync: (_c: unknown, cb: Callback) => later(cb, options.failBody ? fail('The mailbox is busy.') : ok('你好，\n\n這个問題已跟進。')),
      getTypeAsync: (cb: Callback) => later(cb, ok(options.bodyType ?? 'html')),
      setSelectedDataAsync: (data: string, opts: unknown, cb: Callback) => {
        calls.setSelected.push([data, opts]);
        later(cb, ok());
      },
    },
    getSelectedDataAsync: (coercion: unknown, cb: Callback) => later(cb, ok({ data: options.selected ?? '', sourceProperty: 'body' })),
    loadCustomPropertiesAsync: (cb: Callback) => later(cb, ok(customProperties())),
  };
  return { item, calls };
}

describe('officeAsync / promisify', () => {
  it('resolves with the AsyncResult value', async () => {
    await expect(officeAsync<string>((cb) => later(cb as Callback, ok('值')))).resolves.toBe('值');
  });

  it("rejects with the AsyncResult's error message", async () => {
    const error = await officeAsync((cb) => later(cb as Callback, fail('Access is denied.'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeAsyncError);
    expect((error as OfficeAsyncError).message).toBe('Access is denied.');
    expect((error as OfficeAsyncError).code).toBe(9041);
  });

  it('rejects when the call throws', async () => {
    await expect(
      officeAsync(() => {
        throw new Error('no such API');
      }),
    ).rejects.toThrow('no such API');
  });

  it('promisify passes the arguments (options included) and the callback last', async () => {
    const target = {
      setAsync(data: string, options: { coercionType: string }, cb: Callback) {
        later(cb, options.coercionType === 'html' ? ok(`set ${data}`) : fail('wrong coercion'));
      },
    };
    await expect(promisify<string>(target, 'setAsync')('<p>x</p>', { coercionType: 'html' })).resolves.toBe('set <p>x</p>');
    await expect(promisify(target, 'setAsync')('x', { coercionType: 'text' })).rejects.toThrow('wrong coercion');
    await expect(promisify(target, 'missingAsync')()).rejects.toThrow('missingAsync');
  });
});

describe('Outlook read mode', () => {
  it('reads the incoming message as text, with the sender as "Name <address>"', async () => {
    const { item, calls } = readItem();
    install(item);
    const host = createOutlookHost();
    expect(host.kind).toBe('outlook-read');
    expect(host.displayLanguage).toBe('zh-HK');
    expect(host.can).toEqual({
      read: true, readSelection: false, select: false, fix: false, trackChanges: false,
      insert: false, insertDocx: false, annotate: false, reply: true,
    });
    const message = await host.readMessage!();
    expect(message).toEqual({ subject: '查詢：街市衞生', from: '陳大文 <tai-man.chan@example.com>', body: INCOMING });
    expect(calls.getAsync).toEqual(['text']);
    const model = await host.read('document');
    expect(model.blocks.map((b) => b.text)).toEqual(['陳先生：', '', '街市附近垃圾堆積，請跟進。', '<script>alert(1)</script>']);
    expect((await host.read('selection')).blocks).toEqual([]);
  });

  it('offers no editing', async () => {
    install(readItem().item);
    const host = createOutlookHost();
    const edit = { block: 'b0', start: 0, end: 1, text: '陳', replacement: '林' };
    expect(await host.applyEdits([edit], { trackChanges: false })).toEqual({ applied: 0, skipped: 1, details: [{ edit, reason: 'unsupported' }] });
    expect(isHostError(await host.select(edit).catch((e: unknown) => e), 'not-supported')).toBe(true);
    expect(isHostError(await host.insertDraft([{ kind: 'paragraph', text: 'x' }], { mode: 'cursor' }).catch((e: unknown) => e), 'not-supported')).toBe(true);
  });

  it('opens a reply form with sanitised HTML', async () => {
    const { item, calls } = readItem();
    install(item);
    const host = createOutlookHost();
    await host.openReplyForm!('<p onclick="steal()">陳先生：</p><script>alert(1)</script><img src="https://tracker.example/x.gif"><a href="javascript:alert(1)">按此</a><p style="color:red">本署已跟進。</p>');
    expect(calls.replyForm).toEqual(['<p>陳先生：</p><a>按此</a><p>本署已跟進。</p>']);
  });

  it('prefers displayReplyFormAsync where the mailbox has it, and reports its failure', async () => {
    const { item } = readItem();
    const forms: unknown[] = [];
    install({ ...item, displayReplyFormAsync: (form: unknown, cb: Callback) => { forms.push(form); later(cb, fail('Reply is not allowed.')); } });
    const host = createOutlookHost();
    await expect(host.openReplyForm!('<p>好</p>')).rejects.toThrow('Reply is not allowed.');
    expect(forms).toEqual(['<p>好</p>']);
  });

  it('keeps ignored keys in the item custom properties', async () => {
    const { item, props } = readItem(customProperties({ 'wenshu.ignored': '["old"]' }));
    install(item);
    const host = createOutlookHost();
    expect(await host.loadIgnored()).toEqual(['old']);
    await host.saveIgnored(['old', 'hk/colloquial:呢個']);
    expect(props.stored['wenshu.ignored']).toBe('["old","hk/colloquial:呢個"]');
    expect(await host.loadIgnored()).toEqual(['old', 'hk/colloquial:呢個']);
    await host.saveIgnored(Array.from({ length: 500 }, (_, i) => `rule/${i}`));
    expect(String(props.stored['wenshu.ignored']).length).toBeLessThanOrEqual(2500);
    expect(await host.loadIgnored()).toContain('rule/499');
  });
});

describe('Outlook compose mode', () => {
  const draft = [
    { kind: 'heading' as const, text: '回覆 <查詢>', level: 2 },
    { kind: 'paragraph' as const, text: '陳先生：多謝來信 & 意見。' },
    { kind: 'list-item' as const, text: '已派員清理' },
    { kind: 'list-item' as const, text: '<img src=x onerror=alert(1)>' },
  ];

  it('reads the compose body as blocks and the selection', async () => {
    install(composeItem({ selected: '這个' }).item);
    const host = createOutlookHost();
    expect(host.kind).toBe('outlook-compose');
    expect(host.can).toMatchObject({ read: true, readSelection: true, insert: true, select: false, fix: false, reply: true });
    expect(host.openReplyForm).toBeUndefined();
    expect((await host.read('document')).blocks.map((b) => b.text)).toEqual(['你好，', '', '這个問題已跟進。']);
    expect((await host.read('selection')).blocks.map((b) => b.text)).toEqual(['這个']);
    expect(await host.readMessage!()).toEqual({ subject: '回覆：查詢', from: '', body: '你好，\n\n這个問題已跟進。' });
  });

  it('inserts the draft as HTML built from the blocks, every text escaped', async () => {
    const { item, calls } = composeItem();
    install(item);
    await createOutlookHost().insertDraft(draft, { mode: 'cursor' });
    expect(calls.setSelected).toEqual([
      [
        '<h2>回覆 &lt;查詢&gt;</h2><p>陳先生：多謝來信 &amp; 意見。</p><ol><li>已派員清理</li><li>&lt;img src=x onerror=alert(1)&gt;</li></ol>',
        { coercionType: 'html' },
      ],
    ]);
  });

  it('inserts plain text into a plain-text body', async () => {
    const { item, calls } = composeItem({ bodyType: 'text' });
    install(item);
    await createOutlookHost().insertDraft(draft, { mode: 'replace-selection' });
    expect(calls.setSelected).toEqual([['回覆 <查詢>\n陳先生：多謝來信 & 意見。\n1. 已派員清理\n2. <img src=x onerror=alert(1)>', { coercionType: 'text' }]]);
  });

  it('will not write over selected text in cursor mode', async () => {
    const { item, calls } = composeItem({ selected: '原文' });
    install(item);
    const error = await createOutlookHost().insertDraft(draft, { mode: 'cursor' }).catch((e: unknown) => e);
    expect(isHostError(error, 'selection-not-empty')).toBe(true);
    expect(calls.setSelected).toEqual([]);
  });

  it('rejects with the mailbox error message', async () => {
    install(composeItem({ failBody: true }).item);
    await expect(createOutlookHost().read('document')).rejects.toThrow('The mailbox is busy.');
  });
});

it('formats senders', () => {
  expect(formatSender({ displayName: 'a@example.com', emailAddress: 'a@example.com' })).toBe('a@example.com');
  expect(formatSender({ emailAddress: 'a@example.com' })).toBe('a@example.com');
  expect(formatSender(null)).toBe('');
});
