import { useCallback } from 'react';
import { useI18n } from '../../lib/i18n';

/* The words of live updates, Swedish and English, beside the feature like the payments pages' words. */
const sv = {
  batchStatus: 'Betalningsuppdrag {name}: {status}',
  dismiss: 'Stäng meddelandet',
};

type LiveMessageKey = keyof typeof sv;

const en: Record<LiveMessageKey, string> = {
  batchStatus: 'Payment batch {name}: {status}',
  dismiss: 'Dismiss the message',
};

const tables: Record<'sv' | 'en', Record<LiveMessageKey, string>> = { sv, en };

export function useLiveText() {
  const { lang } = useI18n();
  return useCallback(
    (key: LiveMessageKey, vars?: Record<string, string>) =>
      tables[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars?.[name] ?? ''),
    [lang],
  );
}
