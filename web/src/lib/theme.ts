/** @module Dark mode: `auto` follows prefers-color-scheme; a toggle pins light or dark (localStorage). */
export type Theme = 'auto' | 'light' | 'dark';
const KEY = 'axonflow.theme';

export function storedTheme(): Theme {
  const value = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return value === 'light' || value === 'dark' ? value : 'auto';
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'auto') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
  if (theme === 'auto') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, theme);
}

export const nextTheme = (theme: Theme): Theme => (theme === 'auto' ? 'dark' : theme === 'dark' ? 'light' : 'auto');
