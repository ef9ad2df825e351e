/** @jest-environment jsdom */
import './support/setup';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeGateway } from './support/fake-gateway';
import { FakeHost } from './support/fake-host';
import { renderApp } from './support/render';

beforeEach(() => localStorage.clear());

describe('Settings pane', () => {
  test('gateway address: validated, saved, used for the next calls', async () => {
    const user = userEvent.setup();
    const { gateway } = renderApp({ gateway: new FakeGateway({ departments: [] }), tab: 'settings' });
    const input = (await screen.findByTestId('settings-gateway-url')) as HTMLInputElement;
    expect(input.value).toBe('http://gateway.test');
    await user.clear(input);
    await user.type(input, 'not a url');
    await user.click(screen.getByTestId('settings-gateway-save'));
    expect(screen.getByText('Please enter an address starting with http:// or https://.')).toBeTruthy();

    await user.clear(input);
    await user.type(input, 'https://wenshu.example.gov.hk/');
    await user.click(screen.getByTestId('settings-gateway-save'));
    await waitFor(() => expect(gateway.requests.some((r) => r.url === 'https://wenshu.example.gov.hk/healthz')).toBe(true));
    expect(JSON.parse(localStorage.getItem('wenshu.preferences') ?? '{}')).toEqual({ gatewayUrl: 'https://wenshu.example.gov.hk' });
  });

  test('UI language: follows Office, switchable', async () => {
    const user = userEvent.setup();
    renderApp({ host: new FakeHost({ displayLanguage: 'zh-HK' }), tab: 'settings' });
    expect(await screen.findByText('設定', { selector: 'h2' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '檢查' })).toBe(screen.getByTestId('tab-check'));
    await user.click(screen.getByTestId('settings-language-en'));
    expect(await screen.findByText('Settings', { selector: 'h2' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Check' })).toBe(screen.getByTestId('tab-check'));
    expect(document.documentElement.lang).toBe('en-GB');
  });

  test('about: version and host', async () => {
    renderApp({ host: new FakeHost({ kind: 'word' }), tab: 'settings' });
    expect(await screen.findByText(/Wenshu 9\.9\.9 helps officers/)).toBeTruthy();
    expect(screen.getByText('Running in: Word')).toBeTruthy();
  });
});
