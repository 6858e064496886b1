import { useI18n } from '../lib/i18n';

/** An error shown where the data would be, with a way to try again. */
export function QueryError({ what, error, onRetry }: { what: string; error: Error; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <p>{t('loadFailed', { what, message: error.message })}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}

/** A loading placeholder of `rows` grey bars; announced once to screen readers. */
export function Skeleton({ rows = 3, label }: { rows?: number; label?: string }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" className="space-y-2" data-testid="skeleton">
      <span className="sr-only">{label ?? t('loading')}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="h-6 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
      ))}
    </div>
  );
}

export function Empty({ children }: { children?: string }) {
  const { t } = useI18n();
  return <p className="py-4 text-slate-600 dark:text-slate-300">{children ?? t('empty')}</p>;
}
