/** @jest-environment jsdom */
import './support/setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeGateway } from './support/fake-gateway';
import { FakeHost } from './support/fake-host';
import { renderApp } from './support/render';

// Two Cantonese colloquialisms of one kind (我哋 twice), another (呢件), and a Simplified character (请).
const TEXT = ['我哋會盡快處理呢件事，请放心。', '我哋已經收到來信。'];

async function runCheck(host: FakeHost, gateway = new FakeGateway({ down: true })) {
  const user = userEvent.setup();
  const utils = renderApp({ host, gateway, tab: 'check' });
  await user.click(await screen.findByTestId('check-button'));
  await screen.findByTestId('findings-list');
  return { ...utils, user };
}

function findingsOf(ruleId: string) {
  return screen.getAllByTestId('finding').filter((el) => el.dataset.ruleId === ruleId);
}

describe('Check pane', () => {
  test('checks in the pane with the gateway unreachable: grouped by rule set, counted by level', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    await runCheck(host);
    expect(screen.getByTestId('gateway-status').dataset.state).toBe('unreachable');
    expect(host.calls.read).toEqual(['document']);
    expect(screen.getByTestId('check-summary').textContent).toBe('4 findings');
    expect(screen.getByTestId('count-error').textContent).toBe('4 errors');
    expect(screen.getByTestId('count-warning').textContent).toBe('0 warnings');
    const groups = screen.getAllByTestId('finding-group');
    expect(groups.map((g) => g.dataset.ruleSet)).toEqual(['hk-zh-formal', 'hk-zh-characters']);
    expect(within(groups[0]).getAllByTestId('finding')).toHaveLength(3);
    expect(within(groups[1]).getByText("Simplified character: write '請' instead of '请'.")).toBeTruthy();
    // Results are announced.
    expect(screen.getByTestId('check-status').getAttribute('aria-live')).toBe('polite');
  });

  test('clicking a finding selects its text in the document', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    const [simplified] = findingsOf('hk-zh-characters/simplified');
    await user.click(within(simplified).getByTestId('finding-select'));
    expect(host.calls.select).toEqual([{ block: 'p0', start: 11, end: 12, text: '请' }]);
  });

  test('fix one: one edit, then a fresh check', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    const [simplified] = findingsOf('hk-zh-characters/simplified');
    await user.click(within(simplified).getByTestId('finding-fix'));
    await waitFor(() => expect(screen.getByTestId('check-summary').textContent).toBe('3 findings'));
    expect(host.calls.applyEdits).toEqual([{ edits: [{ block: 'p0', start: 11, end: 12, text: '请', replacement: '請' }], options: { trackChanges: false } }]);
    expect(host.paragraphs[0]).toBe('我哋會盡快處理呢件事，請放心。');
    expect(host.calls.read).toEqual(['document', 'document']);
    expect(screen.getByText('1 fix applied.')).toBeTruthy();
  });

  test('fix all of a kind: the same rule on the same text, everywhere', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    const ours = findingsOf('hk-zh-formal/colloquial-words').filter((el) => el.dataset.text === '我哋');
    expect(ours).toHaveLength(2);
    const button = within(ours[0]).getByTestId('finding-fix-kind');
    expect(button.textContent).toBe('Fix all 2');
    await user.click(button);
    await waitFor(() => expect(screen.getByTestId('check-summary').textContent).toBe('2 findings'));
    expect(host.calls.applyEdits[0].edits.map((e) => [e.block, e.text, e.replacement])).toEqual([
      ['p0', '我哋', '我們'],
      ['p1', '我哋', '我們'],
    ]);
    expect(host.paragraphs).toEqual(['我們會盡快處理呢件事，请放心。', '我們已經收到來信。']);
  });

  test('fix all: every fixable finding in one batch', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    await user.click(screen.getByTestId('fix-all'));
    await waitFor(() => expect(screen.getByTestId('check-summary').textContent).toBe('No problems found.'));
    expect(host.calls.applyEdits).toHaveLength(1);
    expect(host.paragraphs).toEqual(['我們會盡快處理這件事，請放心。', '我們已經收到來信。']);
  });

  test('fixes the officer no longer can (text changed) are reported as skipped', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    host.paragraphs[0] = '我們會盡快處理這件事，請放心。';
    await user.click(screen.getByTestId('fix-all'));
    expect(await screen.findByText('3 fixes were skipped because the text has changed since the check.', { exact: false })).toBeTruthy();
  });

  test('ignore: remembered in the document through the host, and restored', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user, unmount } = await runCheck(host);
    const [simplified] = findingsOf('hk-zh-characters/simplified');
    await user.click(within(simplified).getByTestId('finding-ignore'));
    expect(host.calls.saveIgnored).toEqual([['hk-zh-characters/simplified|请']]);
    expect(screen.getByTestId('check-summary').textContent).toBe('3 findings');
    expect(screen.queryAllByTestId('finding-group').map((g) => g.dataset.ruleSet)).toEqual(['hk-zh-formal']);
    unmount();

    // A new pane on the same document starts with it ignored.
    const again = await runCheck(host);
    expect(screen.getByTestId('check-summary').textContent).toBe('3 findings');
    await again.user.click(screen.getByTestId('restore-ignored'));
    expect(screen.getByTestId('check-summary').textContent).toBe('4 findings');
    expect(host.ignored).toEqual([]);
  });

  test('selection scope and tracked changes (Word)', async () => {
    const host = new FakeHost({ kind: 'word', paragraphs: TEXT, selection: [1] });
    const user = userEvent.setup();
    renderApp({ host, gateway: new FakeGateway({ down: true }), tab: 'check' });
    await user.click(await screen.findByTestId('check-scope-selection'));
    await user.click(screen.getByTestId('check-track-changes'));
    await user.click(screen.getByTestId('check-button'));
    await screen.findByTestId('findings-list');
    expect(host.calls.read).toEqual(['selection']);
    expect(screen.getByTestId('check-summary').textContent).toBe('1 finding');
    await user.click(screen.getByTestId('fix-all'));
    await waitFor(() => expect(host.calls.applyEdits).toHaveLength(1));
    expect(host.calls.applyEdits[0].options).toEqual({ trackChanges: true });
  });

  test('no track-changes switch where the host cannot track changes', async () => {
    renderApp({ host: new FakeHost({ paragraphs: TEXT }), gateway: new FakeGateway({ down: true }), tab: 'check' });
    await screen.findByTestId('check-button');
    expect(screen.queryByTestId('check-track-changes')).toBeNull();
  });

  test('a clean document, and an unreadable one', async () => {
    const user = userEvent.setup();
    const host = new FakeHost({ paragraphs: ['本署已收到閣下來信。'] });
    renderApp({ host, gateway: new FakeGateway({ down: true }), tab: 'check' });
    await user.click(await screen.findByTestId('check-button'));
    expect((await screen.findByTestId('check-summary')).textContent).toBe('No problems found.');
    host.readError = new Error('the document is busy');
    await user.click(screen.getByTestId('check-button'));
    expect(await screen.findByText('The document could not be read: the document is busy')).toBeTruthy();
  });

  test('finding messages follow the UI language', async () => {
    const host = new FakeHost({ paragraphs: TEXT, displayLanguage: 'zh-HK' });
    await runCheck(host);
    expect(screen.getByTestId('check-summary').textContent).toBe('4 項結果');
    const [simplified] = findingsOf('hk-zh-characters/simplified');
    expect(within(simplified).getByTestId('finding-fix').textContent).toBe('改為「請」');
    expect(simplified.textContent).not.toContain('Simplified character');
  });

  test('ignore this rule: every finding of the rule hidden whatever its text, remembered as one key', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    const colloquial = screen.getAllByTestId('finding').filter((el) => el.dataset.ruleId?.startsWith('hk-zh-formal'));
    const ruleId = colloquial[0].dataset.ruleId!;
    const ofRule = colloquial.filter((el) => el.dataset.ruleId === ruleId).length;
    await user.click(within(colloquial[0]).getByTestId('finding-ignore-rule'));
    expect(host.calls.saveIgnored).toEqual([[`rule:${ruleId}`]]);
    await waitFor(() => expect(screen.queryAllByTestId('finding').filter((el) => el.dataset.ruleId === ruleId)).toHaveLength(0));
    expect(screen.getByTestId('check-summary').dataset.count).toBe(String(4 - ofRule));
  });

  test('fix all of this rule: one batch with every finding of the rule, of every text', async () => {
    const host = new FakeHost({ paragraphs: TEXT });
    const { user } = await runCheck(host);
    const byRule = new Map<string, string[]>();
    for (const el of screen.getAllByTestId('finding')) byRule.set(el.dataset.ruleId!, [...(byRule.get(el.dataset.ruleId!) ?? []), el.dataset.text!]);
    const [ruleId, texts] = [...byRule].find(([, list]) => new Set(list).size > 1)!;
    const item = screen.getAllByTestId('finding').find((el) => el.dataset.ruleId === ruleId)!;
    await user.click(within(item).getByTestId('finding-fix-rule'));
    await waitFor(() => expect(host.calls.applyEdits).toHaveLength(1));
    expect(host.calls.applyEdits[0].edits.map((e) => e.text).sort()).toEqual([...texts].sort());
  });

  test('says what the read did not check, and that tracked changes were read as the document now reads', async () => {
    const host = new FakeHost({ paragraphs: TEXT, notes: { pendingRevisions: 2, notChecked: ['headers-footers', 'footnotes'] } });
    await runCheck(host);
    const notes = screen.getAllByTestId('check-read-note').map((el) => el.textContent);
    expect(notes).toEqual([
      '2 paragraphs have tracked changes: they were checked as they now read, and fixes touching a change are left for you.',
      'Not checked: headers and footers, footnotes.',
    ]);
  });
});
