import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DisplayLocale } from '../../banking/money';
import { formatIsoDate, formatWireMoney, localeOf, type Lang, type WireAmount } from './format';
import { messages, type MessageKey } from './messages';

const KEY = 'finvis.lang';

/** The language the person chose (only that is remembered — never a token). */
function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(KEY);
    if (value === 'sv' || value === 'en') return value;
  } catch {
    // No storage: Swedish.
  }
  return 'sv';
}

export interface I18n {
  lang: Lang;
  locale: DisplayLocale;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  money: (money: WireAmount) => string;
  date: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? storedLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // The choice then lasts for this visit.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const locale = localeOf(lang);
    const table = messages[lang];
    return {
      lang,
      locale,
      setLang,
      t: (key, vars) =>
        vars ? table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : table[key],
      money: (money) => formatWireMoney(money, locale),
      date: (iso) => formatIsoDate(iso, locale),
    };
  }, [lang, setLang]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
