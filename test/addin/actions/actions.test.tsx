/** @jest-environment jsdom */
import '../panes/support/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json } from '../panes/support/fake-gateway';
import { ActionsGateway, MINUTES_DEPT, SelectingHost, renderActions, sse } from './support';

const COLLOQUIAL = '我哋會盡快處理你嘅申請，请耐心等候。';
const FORMAL = '我們會盡快處理你的申請，請耐心等候。';

const OFFLINE_META = {
  action: 'polish',
  lang: 'zh-HK',
  from: 'zh-HK',
  glossary: [],
  model: 'offline',
  provider: 'offline',
  composer: 'offline',
  classification: 'UNCLASSIFIED',
  notice: {
    'zh-HK': '此結果未經語言模型處理，由文書通按規則離線產生。',
    en: 'Produced offline by Wenshu by rule, with no language model. Replaced 2 colloquial Cantonese expressions.',
  },
};

const FINDING = {
  ruleId: 'hk-zh-formal/formal-register',
  level: 'suggestion',
  message: { 'zh-HK': '可改用「盡速」。', en: "Consider '盡速'." },
  block: 'b0',
  start: 3,
  end: 5,
  text: '盡快',
  fixes: [{ replacement: '盡速' }],
};

type User = ReturnType<typeof userEvent.setup>;

async function choose(user: User, id: string) {
  await user.click(await screen.findByTestId('actions-menu'));
  await user.click(await screen.findByTestId(`action-${id}`));
}

function setup(options: { paragraphs?: string[]; selection?: number[]; kind?: 'preview' | 'word'; displayLanguage?: string; gateway?: ActionsGateway; tab?: 'check' | 'draft' } = {}) {
  const user = userEvent.setup();
  const host = new SelectingHost({ paragraphs: options.paragraphs ?? [COLLOQUIAL, 'Another paragraph.'], selection: options.selection ?? [0], kind: options.kind, displayLanguage: options.displayLanguage });
  const utils = renderActions({ host, gateway: options.gateway, tab: options.tab });
  return { ...utils, user };
}

/** Feeds the latest transform stream: meta, the result in two pieces, findings, done. */
async function finish(gateway: ActionsGateway, text: string, options: { meta?: object; findings?: object[] } = {}) {
  await act(async () => {
    gateway.stream.push(sse('meta', options.meta ?? OFFLINE_META));
    gateway.stream.push(sse('delta', { text: text.slice(0, 4) }));
    gateway.stream.push(sse('delta', { text: text.slice(4) }));
    gateway.stream.push(sse('findings', { findings: options.findings ?? [] }));
    gateway.stream.push(sse('done', { text, composer: 'offline', provider: 'offline' }));
    gateway.stream.end();
  });
  await screen.findByTestId('action-done');
}

describe('selection actions: the menu', () => {
  test('the Check pane has the menu with the six actions', async () => {
    const { user } = setup();
    const menu = await screen.findByTestId('actions-menu');
    expect(within(screen.getByTestId('check-pane')).getByTestId('actions-menu')).toBe(menu);
    expect(menu.textContent).toBe('Selection actions');
    await user.click(menu);
    const items = await screen.findAllByRole('menuitem');
    expect(items.map((i) => i.dataset.testid)).toEqual(['action-polish', 'action-translate', 'action-summarise', 'action-formalise', 'action-minutes', 'action-bilingual']);
    expect(items.map((i) => i.textContent)).toEqual(['Polish', 'Translate', 'Summarise', 'Formalise', 'Minutes', 'Bilingual check']);
    // The Check pane keeps what it had.
    expect(screen.getByTestId('check-button')).toBeTruthy();
    expect(screen.getByTestId('check-scope')).toBeTruthy();
  });

  test('keyboard: Enter opens the menu, Enter on an item chooses it, Escape closes it', async () => {
    const { user, gateway } = setup();
    const menu = await screen.findByTestId('actions-menu');
    menu.focus();
    await user.keyboard('{Enter}');
    const list = await screen.findByRole('menu');
    expect(within(list).getAllByRole('menuitem')).toHaveLength(6);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    // (Arrow-key movement needs layout, which jsdom has not: the end-to-end test uses the keyboard in Chromium.)
    menu.focus();
    await user.keyboard('{Enter}');
    (await screen.findByTestId('action-formalise')).focus();
    await user.keyboard('{Enter}');
    expect((await screen.findByTestId('action-panel')).dataset.action).toBe('formalise');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({ action: 'formalise', text: COLLOQUIAL });
  });

  test('the Draft pane has the menu too, and keeps its form', async () => {
    const { user, gateway } = setup({ tab: 'draft' });
    const pane = await screen.findByTestId('draft-pane');
    await user.click(await within(pane).findByTestId('actions-menu'));
    await user.click(await screen.findByTestId('action-polish'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    expect(within(pane).getByTestId('action-result').textContent).toBe(FORMAL);
    expect(await screen.findByTestId('template-select')).toBeTruthy();
  });

  test('in Chinese: the menu and the panel speak HK written Chinese', async () => {
    const { user, gateway } = setup({ displayLanguage: 'zh-HK' });
    expect((await screen.findByTestId('actions-menu')).textContent).toBe('選取文字的操作');
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    expect(screen.getByTestId('action-replace').textContent).toBe('取代選取的文字');
    expect(screen.getByTestId('action-offline-notice').textContent).toContain('此結果未經語言模型處理');
  });

  test('nothing selected: says to select some text first, and asks the gateway nothing', async () => {
    const { user, gateway } = setup({ selection: [] });
    await choose(user, 'polish');
    expect((await screen.findByTestId('actions-empty')).textContent).toBe('Select some text first, then choose the action again.');
    expect(gateway.transformRequests()).toHaveLength(0);
    expect(screen.queryByTestId('action-run')).toBeNull();
  });

  test('gateway unreachable: the gateway actions are disabled, the bilingual check is not', async () => {
    const { user } = setup({ gateway: new ActionsGateway({ down: true }) });
    await screen.findByText('Gateway unreachable');
    await user.click(await screen.findByTestId('actions-menu'));
    for (const id of ['polish', 'translate', 'summarise', 'formalise', 'minutes']) expect((await screen.findByTestId(`action-${id}`)).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('action-bilingual').getAttribute('aria-disabled')).not.toBe('true');
  });

  test('Close ends a running action; nothing is inserted', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await user.click(screen.getByTestId('action-close'));
    expect(screen.queryByTestId('action-panel')).toBeNull();
    expect(gateway.stream.cancelled).toBe(true);
    expect(host.calls.insertDraft).toHaveLength(0);
  });
});

describe('selection actions: Polish, through its states', () => {
  test('idle -> streaming -> done, side by side with the original, with findings and the offline notice; inserts only on click', async () => {
    const { user, gateway, host } = setup();
    expect(screen.queryByTestId('action-panel')).toBeNull();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(host.calls.read).toEqual(['selection']);
    const request = gateway.transformRequests()[0];
    expect(request.body).toEqual({ action: 'polish', text: COLLOQUIAL });
    expect(request.headers.accept).toBe('text/event-stream');

    // Streaming: the text so far, beside the original; Stop; no way to insert.
    await act(async () => {
      gateway.stream.push(sse('meta', OFFLINE_META));
      gateway.stream.push(sse('delta', { text: '我們會盡快' }));
    });
    await waitFor(() => expect(screen.getByTestId('action-result').textContent).toBe('我們會盡快'));
    expect(screen.getByTestId('action-status').dataset.phase).toBe('streaming');
    expect(screen.getByTestId('action-stop')).toBeTruthy();
    expect(screen.getByTestId('action-original').textContent).toBe(COLLOQUIAL);
    expect(within(screen.getByTestId('action-compare')).getAllByRole('heading').map((h) => h.textContent)).toEqual(['Original', 'Result']);
    expect(screen.queryByTestId('action-replace')).toBeNull();
    expect(screen.queryByTestId('action-copy')).toBeNull();

    await act(async () => {
      gateway.stream.push(sse('delta', { text: '處理你的申請，請耐心等候。' }));
      gateway.stream.push(sse('findings', { findings: [FINDING] }));
      gateway.stream.push(sse('done', { text: FORMAL, composer: 'offline', provider: 'offline' }));
      gateway.stream.end();
    });
    expect((await screen.findByTestId('action-done')).textContent).toMatch(/Read it beside the original/);
    expect(screen.getByTestId('action-result').textContent).toBe(FORMAL);
    expect(screen.getByTestId('action-offline-notice').textContent).toContain('Produced offline by Wenshu by rule');
    expect(screen.getByTestId('action-offline-badge').textContent).toBe('Offline');
    expect(screen.queryByTestId('action-partial')).toBeNull();
    const findings = screen.getByTestId('action-findings');
    expect(findings.dataset.count).toBe('1');
    expect(within(findings).getByText("Consider '盡速'.")).toBeTruthy();

    // Nothing has entered the document.
    expect(host.calls.insertDraft).toHaveLength(0);
    expect(host.calls.applyEdits).toHaveLength(0);

    await user.click(screen.getByTestId('action-replace'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0]).toEqual({ blocks: [{ kind: 'paragraph', text: FORMAL }], options: { mode: 'replace-selection', trackChanges: false } });
    expect((await screen.findByTestId('action-outcome')).dataset.kind).toBe('replaced');
    expect(screen.getByTestId('action-outcome').textContent).toBe('The selection has been replaced with the result.');
    // The selection was still the original: nothing had to be selected again.
    expect(host.calls.select).toHaveLength(0);
  });

  test('Insert below puts the result after the selection, the original stays', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    expect(screen.getByTestId('action-insert').textContent).toBe('Insert below');
    await user.click(screen.getByTestId('action-insert'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0].options).toEqual({ mode: 'cursor', trackChanges: false });
    expect((await screen.findByTestId('action-outcome')).dataset.kind).toBe('inserted');
  });

  test('Stop: the stream is cancelled, the partial text stays readable, and nothing can be inserted', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await act(async () => {
      gateway.stream.push(sse('meta', OFFLINE_META));
      gateway.stream.push(sse('delta', { text: '我們會' }));
    });
    await waitFor(() => expect(screen.getByTestId('action-result').textContent).toBe('我們會'));
    await user.click(screen.getByTestId('action-stop'));
    expect((await screen.findByTestId('action-stopped')).textContent).toBe('Stopped. Nothing was inserted.');
    expect(gateway.stream.cancelled).toBe(true);
    expect(screen.getByTestId('action-result').dataset.phase).toBe('stopped');
    expect(screen.getByTestId('action-result').textContent).toBe('我們會');
    expect(screen.queryByTestId('action-buttons')).toBeNull();
    expect(screen.queryByTestId('action-replace')).toBeNull();
    expect(screen.queryByTestId('action-copy')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
    // It can be run again.
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(2));
  });

  test("error event: the gateway's reason, and nothing can be inserted", async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await act(async () => {
      gateway.stream.push(sse('meta', OFFLINE_META));
      gateway.stream.push(sse('delta', { text: '我們' }));
      gateway.stream.push(sse('error', { message: 'the model stopped answering', code: 'upstream_timeout' }));
    });
    expect((await screen.findByTestId('action-error')).textContent).toBe('The action failed: the model stopped answering. Nothing was inserted.');
    expect(screen.getByTestId('action-result').dataset.phase).toBe('error');
    expect(screen.queryByTestId('action-buttons')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('refused by the gateway (HTTP 403): the reason, nothing inserted', async () => {
    const gateway = new ActionsGateway({ departments: [MINUTES_DEPT] });
    gateway.transformResponse = () => json(403, { error: { message: 'CONFIDENTIAL text may not go to this model', code: 'classification_refused' } });
    const { user, host } = setup({ gateway });
    await choose(user, 'polish');
    expect((await screen.findByTestId('action-error')).textContent).toContain('CONFIDENTIAL text may not go to this model');
    expect(screen.queryByTestId('action-buttons')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('a stream that ends without done is a failure: nothing inserted', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await act(async () => {
      gateway.stream.push(sse('meta', OFFLINE_META));
      gateway.stream.push(sse('delta', { text: '我們會' }));
      gateway.stream.end();
    });
    expect((await screen.findByTestId('action-error')).textContent).toBe('The result ended before it was finished. Nothing was inserted.');
    expect(screen.queryByTestId('action-buttons')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('suggested fixes are applied to the result, not the document', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL, { findings: [FINDING] });
    await user.click(screen.getByTestId('action-apply-fixes'));
    expect(screen.getByTestId('action-result').textContent).toBe('我們會盡速處理你的申請，請耐心等候。');
    expect(host.calls.applyEdits).toHaveLength(0);
    await user.click(screen.getByTestId('action-replace'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0].blocks).toEqual([{ kind: 'paragraph', text: '我們會盡速處理你的申請，請耐心等候。' }]);
  });

  test('the selection moved meanwhile: the original paragraph is selected again before Replace', async () => {
    const { user, gateway, host } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    host.selection = [1];
    await user.click(screen.getByTestId('action-replace'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.select).toEqual([{ block: 'p0', start: 0, end: COLLOQUIAL.length, text: COLLOQUIAL }]);
    expect(host.calls.insertDraft[0].options.mode).toBe('replace-selection');
  });

  test('a selection over several paragraphs that has gone: Replace refuses, nothing inserted', async () => {
    const { user, gateway, host } = setup({ paragraphs: ['第一段：我哋會跟進。', '第二段：唔該晒。'], selection: [0, 1] });
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({ action: 'polish', text: '第一段：我哋會跟進。\n第二段：唔該晒。' });
    await finish(gateway, '第一段：我們會跟進。\n\n第二段：謝謝。');
    host.selection = [];
    await user.click(screen.getByTestId('action-replace'));
    const outcome = await screen.findByTestId('action-outcome');
    expect(outcome.dataset.kind).toBe('failed');
    expect(outcome.textContent).toMatch(/no longer selected/);
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('Word: as tracked changes when the officer chooses', async () => {
    const { user, gateway, host } = setup({ kind: 'word' });
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    await user.click(screen.getByTestId('action-track-changes'));
    await user.click(screen.getByTestId('action-replace'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0].options).toEqual({ mode: 'replace-selection', trackChanges: true });
  });

  test('the preview has no tracked changes: no switch', async () => {
    const { user, gateway } = setup();
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    expect(screen.queryByTestId('action-track-changes')).toBeNull();
  });
});

describe('selection actions: Copy', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else delete (navigator as { clipboard?: unknown }).clipboard;
  });

  test('copies the finished result as plain text, and inserts nothing', async () => {
    const { user, gateway, host } = setup({ paragraphs: ['第一句。第二句。第三句。第四句。'], selection: [0] });
    // After userEvent.setup(), which puts its own clipboard stub in place.
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await choose(user, 'summarise');
    await user.click(await screen.findByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, '- 第一句。\n- 第三句。', { meta: { ...OFFLINE_META, action: 'summarise' } });
    await user.click(screen.getByTestId('action-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('• 第一句。\n• 第三句。'));
    expect((await screen.findByTestId('action-outcome')).dataset.kind).toBe('copied');
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('a clipboard that refuses: says so', async () => {
    const { user, gateway } = setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: jest.fn().mockRejectedValue(new Error('permission denied')) }, configurable: true });
    await choose(user, 'polish');
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    await finish(gateway, FORMAL);
    await user.click(screen.getByTestId('action-copy'));
    const outcome = await screen.findByTestId('action-outcome');
    expect(outcome.dataset.kind).toBe('failed');
    expect(outcome.textContent).toContain('permission denied');
  });
});

describe('selection actions: options', () => {
  const ENGLISH = 'The Food and Environmental Hygiene Department will reply within ten working days.';

  test('Translate: into the other language by default, or the one chosen; a partial offline result is labelled', async () => {
    const { user, gateway } = setup({ paragraphs: [ENGLISH], selection: [0] });
    await choose(user, 'translate');
    const target = (await screen.findByTestId('option-target-lang')) as HTMLSelectElement;
    expect(target.value).toBe('zh-HK');
    // Nothing is sent until the officer runs it.
    expect(gateway.transformRequests()).toHaveLength(0);
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({ action: 'translate', text: ENGLISH, lang: 'zh-HK' });
    const glossary = [{ en: 'Food and Environmental Hygiene Department', 'zh-HK': '食物環境衞生署', source: 'hk-gov-names' }];
    await finish(gateway, 'The 食物環境衞生署 will reply within ten working days.', {
      meta: { ...OFFLINE_META, action: 'translate', lang: 'zh-HK', from: 'en', glossary, partial: true, notice: { 'zh-HK': '只翻譯了詞彙表的名稱。', en: 'Only the glossary terms were translated.' } },
    });
    expect(screen.getByTestId('action-partial').textContent).toMatch(/Partial result/);
    expect(screen.getByTestId('action-partial-badge').textContent).toBe('Partial');
    expect(screen.getByTestId('action-offline-notice').textContent).toBe('Only the glossary terms were translated.');
    expect(screen.getByTestId('action-glossary').textContent).toContain('食物環境衞生署 — Food and Environmental Hygiene Department');

    await user.selectOptions(screen.getByTestId('option-target-lang'), 'en');
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(2));
    expect(gateway.transformRequests()[1].body).toEqual({ action: 'translate', text: ENGLISH, lang: 'en' });
  });

  test('Summarise: length and form go to the gateway', async () => {
    const { user, gateway } = setup({ paragraphs: [ENGLISH], selection: [0] });
    await choose(user, 'summarise');
    await user.selectOptions(await screen.findByTestId('option-length'), 'short');
    await user.selectOptions(screen.getByTestId('option-form'), 'paragraph');
    expect(screen.getByTestId('option-length').textContent).toBe('ShortMediumLong');
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({ action: 'summarise', text: ENGLISH, length: 'short', form: 'paragraph' });
  });

  test("Minutes: from a pasted transcript, in the department's minutes template and the chosen style; inserted at the cursor", async () => {
    const { user, gateway, host } = setup({ selection: [] });
    await choose(user, 'minutes');
    const templateSelect = (await screen.findByTestId('option-template')) as HTMLSelectElement;
    await waitFor(() => expect(Array.from(templateSelect.options).map((o) => o.value)).toEqual(['fehd/minutes', 'fehd/minutes-short']));
    expect(templateSelect.value).toBe('fehd/minutes');
    // Nothing is selected: the notes come from the transcript box.
    expect((screen.getByTestId('option-source-transcript') as HTMLInputElement).checked).toBe(true);
    // Run with no transcript yet: says so, sends nothing.
    await user.click(screen.getByTestId('action-run'));
    expect(await screen.findByTestId('actions-transcript-empty')).toBeTruthy();
    expect(gateway.transformRequests()).toHaveLength(0);

    await user.selectOptions(templateSelect, 'fehd/minutes-short');
    await user.selectOptions(screen.getByTestId('option-style'), 'decisions');
    await user.click(screen.getByTestId('action-transcript'));
    await user.paste('主席：今日討論後巷清潔。\n決定：下月起加密清洗。');
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({
      action: 'minutes',
      text: '主席：今日討論後巷清潔。\n決定：下月起加密清洗。',
      style: 'decisions',
      template: 'fehd/minutes-short',
    });
    await finish(gateway, '## 決定事項\n\n- 下月起加密清洗。', { meta: { ...OFFLINE_META, action: 'minutes', template: 'fehd/minutes-short' } });
    expect(screen.getByTestId('action-original').textContent).toBe('主席：今日討論後巷清潔。決定：下月起加密清洗。');
    // Pasted notes are not in the document: nothing to replace.
    expect(screen.queryByTestId('action-replace')).toBeNull();
    expect(screen.getByTestId('action-insert').textContent).toBe('Insert at cursor');
    await user.click(screen.getByTestId('action-insert'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0]).toEqual({
      blocks: [
        { kind: 'heading', text: '決定事項', level: 2 },
        { kind: 'list-item', text: '下月起加密清洗。', level: 1 },
      ],
      options: { mode: 'cursor', trackChanges: false },
    });
    expect(host.calls.read).toEqual(['selection']);
  });

  test('Minutes from the selection, by default when there is one', async () => {
    const { user, gateway } = setup({ paragraphs: ['主席：今日討論後巷清潔。'], selection: [0] });
    await choose(user, 'minutes');
    expect(((await screen.findByTestId('option-source-selection')) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('action-transcript')).toBeNull();
    await user.click(screen.getByTestId('action-run'));
    await waitFor(() => expect(gateway.transformRequests()).toHaveLength(1));
    expect(gateway.transformRequests()[0].body).toEqual({ action: 'minutes', text: '主席：今日討論後巷清潔。', style: 'summary', template: 'fehd/minutes' });
  });
});
