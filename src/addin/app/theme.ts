/**
 * Which Fluent theme: high contrast when Windows' contrast themes are on (`forced-colors`), else the host's theme
 * when the host says, else the system's `prefers-color-scheme`.
 */
import { useEffect, useState } from 'react';
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

export type ThemeKind = 'light' | 'dark' | 'contrast';

export const THEMES: Record<ThemeKind, Theme> = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };

function query(q: string): MediaQueryList | undefined {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(q) : undefined;
}

export function currentThemeKind(hostTheme?: ThemeKind): ThemeKind {
  if (query('(forced-colors: active)')?.matches) return 'contrast';
  if (hostTheme) return hostTheme;
  return query('(prefers-color-scheme: dark)')?.matches ? 'dark' : 'light';
}

export function useThemeKind(hostTheme?: ThemeKind): ThemeKind {
  const [kind, setKind] = useState(() => currentThemeKind(hostTheme));
  useEffect(() => {
    const update = () => setKind(currentThemeKind(hostTheme));
    update();
    const lists = [query('(forced-colors: active)'), query('(prefers-color-scheme: dark)')].filter((l): l is MediaQueryList => Boolean(l));
    for (const l of lists) l.addEventListener?.('change', update);
    return () => {
      for (const l of lists) l.removeEventListener?.('change', update);
    };
  }, [hostTheme]);
  return kind;
}
