/** @jest-environment jsdom */
import '../panes/support/setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SelectingHost, renderActions } from './support';

const ZH = '本署已預留150萬元，在2027年3月前為轄下12個公眾街市更換照明系統。';
const EN = 'The Department has earmarked $1.6 million to replace the lighting systems of its 12 public markets by March 2027.';
const EN_CLEAN = 'The Department has earmarked $1.5 million to replace the lighting systems of its 12 public markets by March 2027.';

async function openBilingual(paragraphs: string[], displayLanguage = 'en-GB') {
  const user = userEvent.setup();
  const host = new SelectingHost({ paragraphs, selection: [], displayLanguage });
  const utils = renderActions({ host });
  await user.click(await screen.findByTestId('actions-menu'));
  await user.click(await screen.findByTestId('action-bilingual'));
  await screen.findByTestId('bilingual-panel');
  return { ...utils, user };
}

describe('selection actions: bilingual check', () => {
  test('the two halves of this document: a changed amount in both versions, each selectable; no gateway call', async () => {
    const { user, host, gateway } = await openBilingual([ZH, EN]);
    expect((screen.getByTestId('bilingual-source-halves') as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByTestId('bilingual-run'));
    const list = await screen.findByTestId('bilingual-findings');
    expect(list.dataset.count).toBe('2');
    expect(screen.getByTestId('bilingual-summary').textContent).toBe('2 mismatches');
    const groups = screen.getAllByTestId('bilingual-group');
    expect(groups.map((g) => [g.dataset.document, g.dataset.inDocument])).toEqual([
      ['zh-HK', 'true'],
      ['en', 'true'],
    ]);
    expect(within(groups[0]).getByRole('heading').textContent).toBe('Chinese version, in this document');
    const zh = within(groups[0]).getByTestId('finding');
    expect(zh.dataset.ruleId).toBe('bilingual/amount');
    expect(zh.dataset.text).toBe('150萬元');
    expect(within(groups[1]).getByTestId('finding').dataset.text).toBe('$1.6 million');

    await user.click(within(groups[0]).getByTestId('finding-select'));
    await waitFor(() => expect(host.calls.select).toHaveLength(1));
    expect(host.calls.select[0]).toEqual({ block: 'p0', start: ZH.indexOf('150萬元'), end: ZH.indexOf('150萬元') + 5, text: '150萬元' });
    await user.click(within(groups[1]).getByTestId('finding-select'));
    await waitFor(() => expect(host.calls.select).toHaveLength(2));
    expect(host.calls.select[1].block).toBe('p1');
    expect(host.calls.read).toEqual(['document']);
    expect(gateway.transformRequests()).toHaveLength(0);
    expect(host.calls.insertDraft).toHaveLength(0);
    expect(host.calls.applyEdits).toHaveLength(0);
  });

  test('clean versions: no mismatch', async () => {
    const { user } = await openBilingual([ZH, EN_CLEAN]);
    await user.click(screen.getByTestId('bilingual-run'));
    const summary = await screen.findByTestId('bilingual-summary');
    expect(summary.dataset.count).toBe('0');
    expect(summary.textContent).toBe('The two versions agree: no mismatches found.');
    expect(screen.queryByTestId('bilingual-findings')).toBeNull();
  });

  test('a document with only one language: says which half is missing', async () => {
    const { user } = await openBilingual([ZH]);
    await user.click(screen.getByTestId('bilingual-run'));
    expect((await screen.findByTestId('bilingual-problem')).textContent).toBe('There are no English paragraphs to compare.');
  });

  test('a pasted other-language version: findings in this document are selectable, those in the pasted text are not', async () => {
    const { user, host } = await openBilingual([ZH]);
    await user.click(screen.getByTestId('bilingual-source-pasted'));
    // Nothing pasted yet.
    await user.click(screen.getByTestId('bilingual-run'));
    expect((await screen.findByTestId('bilingual-problem')).textContent).toBe('Paste the other-language version first.');
    await user.click(screen.getByTestId('bilingual-other'));
    await user.paste(EN);
    await user.click(screen.getByTestId('bilingual-run'));
    await screen.findByTestId('bilingual-findings');
    const groups = screen.getAllByTestId('bilingual-group');
    expect(groups.map((g) => [g.dataset.document, g.dataset.inDocument])).toEqual([
      ['zh-HK', 'true'],
      ['en', 'false'],
    ]);
    expect(within(groups[1]).getByRole('heading').textContent).toBe('English version, in the pasted text');
    expect(within(groups[1]).queryByTestId('finding-select')).toBeNull();
    await user.click(within(groups[0]).getByTestId('finding-select'));
    await waitFor(() => expect(host.calls.select).toHaveLength(1));
    expect(host.calls.select[0].text).toBe('150萬元');
  });

  test('an English document with the Chinese pasted works the other way round', async () => {
    const { user } = await openBilingual([EN]);
    await user.click(screen.getByTestId('bilingual-source-pasted'));
    await user.click(screen.getByTestId('bilingual-other'));
    await user.paste(ZH);
    await user.click(screen.getByTestId('bilingual-run'));
    await screen.findByTestId('bilingual-findings');
    expect(screen.getAllByTestId('bilingual-group').map((g) => [g.dataset.document, g.dataset.inDocument])).toEqual([
      ['zh-HK', 'false'],
      ['en', 'true'],
    ]);
  });

  test('pasted text in the same language: says so', async () => {
    const { user } = await openBilingual([ZH]);
    await user.click(screen.getByTestId('bilingual-source-pasted'));
    await user.click(screen.getByTestId('bilingual-other'));
    await user.paste('本署已預留150萬元。');
    await user.click(screen.getByTestId('bilingual-run'));
    expect((await screen.findByTestId('bilingual-problem')).textContent).toMatch(/same language/);
  });

  test('in Chinese', async () => {
    const { user } = await openBilingual([ZH, EN], 'zh-HK');
    expect(screen.getByTestId('action-panel').getAttribute('aria-label')).toBe('中英文本核對');
    await user.click(screen.getByTestId('bilingual-run'));
    expect((await screen.findByTestId('bilingual-summary')).textContent).toBe('2 處不符');
    expect(within(screen.getAllByTestId('bilingual-group')[0]).getByRole('heading').textContent).toBe('中文本（本文件）');
  });
});
