import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useCan } from '../../auth/auth';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { formatShare } from '../forecast/accuracy-text';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { formatInstant } from './format-time';
import { useSettingsText } from './messages';
import {
  reconciliationSettingsKeys,
  setAutoConfirmThreshold,
  useReconciliationSettings,
} from './reconciliation-settings';
import { parsePercentThreshold, percentInputValue } from './threshold-input';

/** The confidence at which the engine confirms its own proposals, and, for those who may, a way to change it. */
export function AutoConfirmSetting() {
  const t = useSettingsText();
  const { locale } = useI18n();
  const canSet = useCan('write:reconciliation');
  const query = useReconciliationSettings();
  return (
    <section aria-labelledby="auto-confirm-title" className="card space-y-3">
      <h3 id="auto-confirm-title" className="text-lg font-semibold">
        {t('autoConfirm')}
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('autoConfirmIntro')}</p>
      {query.isPending ? (
        <Skeleton rows={1} />
      ) : query.error ? (
        <QueryError what={t('autoConfirm')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p data-testid="auto-confirm-current">
            {t('autoConfirmCurrent', { percent: formatShare(query.data.auto_confirm_threshold, locale) })}{' '}
            <span className="text-slate-600 dark:text-slate-400">
              {query.data.updated_at === null
                ? t('autoConfirmDefault')
                : t('changedAt', { time: formatInstant(query.data.updated_at, locale) })}
            </span>
          </p>
          {canSet ? (
            <ThresholdForm
              key={query.data.auto_confirm_threshold}
              current={query.data.auto_confirm_threshold}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('autoConfirmReadOnly')}</p>
          )}
        </>
      )}
    </section>
  );
}

function ThresholdForm({ current }: { current: number }) {
  const t = useSettingsText();
  const { locale } = useI18n();
  const queryClient = useQueryClient();
  const hintId = useId();
  const [typed, setTyped] = useState(() => percentInputValue(current, locale));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useIntentMutation({
    write: (threshold: number, key) => setAutoConfirmThreshold(threshold, key('set')),
    onSuccess: (settings) => {
      setProblem(null);
      queryClient.setQueryData(reconciliationSettingsKeys.all, settings);
    },
    onError: (error) => setProblem(t('writeFailed', { message: error.message })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const threshold = parsePercentThreshold(typed);
    if (threshold === null) {
      setProblem(t('thresholdInvalid'));
      return;
    }
    save.send(threshold);
  };
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={submit} noValidate>
      <label className="flex max-w-full flex-col gap-0.5">
        <span>{t('threshold')}</span>
        <input
          className="field w-32"
          inputMode="decimal"
          value={typed}
          aria-describedby={hintId}
          aria-invalid={problem !== null}
          onChange={(event) => setTyped(event.target.value)}
        />
      </label>
      <button type="submit" className="btn" disabled={save.isPending}>
        {t('save')}
      </button>
      <p id={hintId} className="w-full text-sm text-slate-600 dark:text-slate-400">
        {t('thresholdHint')}
      </p>
      {problem && (
        <p role="alert" className="w-full text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
    </form>
  );
}
