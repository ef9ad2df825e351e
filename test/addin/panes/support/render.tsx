import { render } from '@testing-library/react';
import { App, type TabId } from '../../../../src/addin/app/App';
import type { PageConfig } from '../../../../src/addin/app/config';
import { AuthSession, type TokenSource } from '../../../../src/addin/auth/session';
import { FakeGateway } from './fake-gateway';
import { FakeHost } from './fake-host';

export const CONFIG: PageConfig = { gatewayUrl: 'http://gateway.test', signInUrl: 'http://pane.test/signin.html', version: '9.9.9' };

export function renderApp(options: { host?: FakeHost; gateway?: FakeGateway; tab?: TabId; auth?: AuthSession; tokens?: TokenSource; config?: Partial<PageConfig> } = {}) {
  const host = options.host ?? new FakeHost();
  const gateway = options.gateway ?? new FakeGateway();
  const auth = options.auth ?? new AuthSession(options.tokens);
  const utils = render(<App host={host} config={{ ...CONFIG, ...options.config }} fetch={gateway.fetch} auth={auth} initialTab={options.tab} healthIntervalMs={60_000} />);
  return { ...utils, host, gateway, auth };
}
