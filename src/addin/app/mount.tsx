/**
 * Renders the task pane into a page element: shared by taskpane.html (inside Office) and preview.html (beside the
 * preview host's editable document).
 */
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { DocumentHost } from '../hosts/document-host';
import type { AuthSession } from '../auth/session';
import { App, type TabId } from './App';
import type { PageConfig } from './config';
import type { ThemeKind } from './theme';

export interface MountOptions {
  host: DocumentHost;
  config: PageConfig & { gatewayFromQuery?: string };
  auth: AuthSession;
  theme?: ThemeKind;
  initialTab?: TabId;
}

export function mount(element: HTMLElement, options: MountOptions): Root {
  const root = createRoot(element);
  root.render(
    <StrictMode>
      <App {...options} />
    </StrictMode>,
  );
  return root;
}

/** `?tab=check` in the page's address opens that tab first (the preview and the end-to-end tests use it). */
export function tabFromQuery(href: string): TabId | undefined {
  try {
    const tab = new URL(href).searchParams.get('tab');
    return tab === 'draft' || tab === 'check' || tab === 'reply' || tab === 'settings' ? tab : undefined;
  } catch {
    return undefined;
  }
}
