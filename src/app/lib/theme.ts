import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

const KEY = 'finvis.theme';
const listeners = new Set<() => void>();

function stored(): Theme | null {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function initial(): Theme {
  return stored() ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

let current: Theme = typeof window === 'undefined' ? 'light' : initial();

/** Puts the theme's class on <html> (Tailwind `dark:` variant). */
export function applyTheme(): void {
  document.documentElement.classList.toggle('dark', current === 'dark');
  document.documentElement.style.colorScheme = current;
}

export function setTheme(theme: Theme): void {
  current = theme;
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this visit.
  }
  applyTheme();
  for (const listener of listeners) listener();
}

export function useTheme(): Theme {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
