/** @jest-environment jsdom */
import { media } from '../panes/support/setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tabsFor } from '../../../src/addin/app/App';
import { FakeGateway, FEHD } from '../panes/support/fake-gateway';
import { FakeHost } from '../panes/support/fake-host';
import { renderApp } from '../panes/support/render';

afterEach(() => {
  for (const k of Object.keys(media)) delete media[k];
});

/** Lets the first health check and template load finish inside the test. */
async function settle() {
  const badge = screen.getByTestId('gateway-status');
  await waitFor(() => expect(badge.dataset.state).not.toBe('checking'));
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

describe('task pane shell', () => {
  test('tabs per host: Reply only in Outlook, Draft where something can be inserted', () => {
    expect(tabsFor(new FakeHost({ kind: 'word' }))).toEqual(['draft', 'check', 'settings']);
    expect(tabsFor(new FakeHost({ kind: 'preview' }))).toEqual(['draft', 'check', 'settings']);
    expect(tabsFor(new FakeHost({ kind: 'outlook-compose' }))).toEqual(['draft', 'check', 'reply', 'settings']);
    expect(tabsFor(new FakeHost({ kind: 'outlook-read' }))).toEqual(['check', 'reply', 'settings']);
  });

  test('Outlook read mode opens on Reply', async () => {
    renderApp({ host: new FakeHost({ kind: 'outlook-read', message: { subject: 's', from: 'f', body: 'b' } }) });
    expect(screen.getByTestId('tab-reply').getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('reply-pane')).toBeTruthy();
  });

  test('tabs are keyboard navigable, and panels are labelled by their tabs', async () => {
    const user = userEvent.setup();
    renderApp({ gateway: new FakeGateway({ departments: [FEHD] }) });
    const list = screen.getByRole('tablist', { name: 'Wenshu tools' });
    // Arrow keys move between tabs through Fluent's tabster mover (jsdom has no layout, so it is not exercised here).
    expect(JSON.parse(list.getAttribute('data-tabster') ?? '{}').mover).toMatchObject({ cyclic: true });
    act(() => screen.getByTestId('tab-check').focus());
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('tab-check').getAttribute('aria-selected')).toBe('true');
    const panel = await screen.findByTestId('panel-check');
    expect(panel.getAttribute('role')).toBe('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe('tab-check');
    expect(await screen.findByTestId('check-pane')).toBeTruthy();
    // The Draft pane stays mounted (hidden), so a draft keeps streaming while the officer checks.
    expect(screen.getByTestId('panel-draft').hidden).toBe(true);
  });

  test('gateway status badge: connected, and unreachable with a retry', async () => {
    const gateway = new FakeGateway({ down: true });
    const user = userEvent.setup();
    renderApp({ gateway });
    const badge = screen.getByTestId('gateway-status');
    await waitFor(() => expect(badge.dataset.state).toBe('unreachable'));
    expect(badge.textContent).toContain('Gateway unreachable');
    expect(badge.getAttribute('aria-live')).toBe('polite');
    gateway.down = false;
    await user.click(screen.getByTestId('gateway-retry'));
    await waitFor(() => expect(badge.dataset.state).toBe('online'));
    expect(badge.textContent).toContain('Gateway connected');
  });

  test('theme: high contrast when forced colours are on, dark when the system is dark', async () => {
    media['(forced-colors: active)'] = true;
    const first = renderApp();
    expect(first.container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('contrast');
    await settle();
    first.unmount();
    delete media['(forced-colors: active)'];
    media['(prefers-color-scheme: dark)'] = true;
    const second = renderApp();
    expect(second.container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    await settle();
  });

  test('UI language follows the host display language', async () => {
    renderApp({ host: new FakeHost({ displayLanguage: 'zh-TW' }) });
    expect(screen.getByRole('tab', { name: '草擬' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-HK');
    await settle();
  });
});
