import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { parseIsoDate, todayInStockholm } from '../../banking/dates';

/**
 * The view's koncern and date live in the URL search params (`?koncern=kon_…&date=2026-11-25`), so a
 * view is a shareable link. Without them: the first koncern and today in Stockholm.
 */
export function useViewParams() {
  const [params, setParams] = useSearchParams();
  const rawDate = params.get('date');
  const date = rawDate !== null && parseIsoDate(rawDate).ok ? rawDate : todayInStockholm();
  const koncernParam = params.get('koncern');
  const set = useCallback(
    (changes: Record<string, string | null>) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return { params, date, dateIsDefault: rawDate === null, koncernParam, set };
}

/** The search params that travel with navigation between pages (koncern and date). */
export function viewSearch(params: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const key of ['koncern', 'date']) {
    const value = params.get(key);
    if (value) keep.set(key, value);
  }
  const text = keep.toString();
  return text ? `?${text}` : '';
}
