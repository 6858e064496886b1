import { useI18n } from '../../lib/i18n';
import { formatCount } from '../../lib/format';
import { useReconciliationText } from './messages';
import type { BulkState } from './reconciliation-writes';

/** How far a bulk confirmation has come, then what succeeded and what failed (and why). */
export function BulkProgress({ state, onDismiss }: { state: BulkState; onDismiss: () => void }) {
  const t = useReconciliationText();
  const { locale } = useI18n();
  const done = state.outcomes.length;
  const failed = state.outcomes.filter((outcome) => !outcome.ok);
  const count = (n: number) => formatCount(n, locale);
  return (
    <div className="card space-y-2" data-testid="bulk-progress">
      {state.running ? (
        <>
          <label className="flex flex-col gap-1">
            <span>{t('progress', { done: count(done), total: count(state.total) })}</span>
            <progress max={state.total} value={done} className="w-full" />
          </label>
        </>
      ) : (
        <>
          <p role="status" className="font-semibold" data-testid="bulk-summary">
            {t('summary', { ok: count(done - failed.length), failed: count(failed.length) })}
          </p>
          {failed.length > 0 && (
            <ul className="list-disc pl-5 text-red-700 dark:text-red-300">
              {failed.map((outcome) => (
                <li key={outcome.matchId}>
                  {t('failedItem', { id: outcome.matchId, message: outcome.message ?? '' })}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn-secondary" onClick={onDismiss}>
            {t('close')}
          </button>
        </>
      )}
    </div>
  );
}
