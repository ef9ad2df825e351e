/**
 * What jsdom lacks and the pane uses: TextEncoder/TextDecoder (SSE decoding), matchMedia (theme), ResizeObserver
 * (some Fluent components). Import first in every pane and app test.
 */
import { TextDecoder, TextEncoder } from 'node:util';
import { configure } from '@testing-library/react';

// The first render of a lazily loaded pane also loads its modules: slow on a shared machine.
configure({ asyncUtilTimeout: 8000 });

const g = globalThis as Record<string, unknown>;
if (!g.TextDecoder) g.TextDecoder = TextDecoder;
if (!g.TextEncoder) g.TextEncoder = TextEncoder;

export const media: Record<string, boolean> = {};

if (typeof window !== 'undefined') {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({
      matches: Boolean(media[query]),
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
  if (!g.ResizeObserver) {
    g.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
}
