import { useI18n } from '../../lib/i18n';
import { useHealth } from './get-health';

/** The API's health as the BFF reports it (public, shown before sign-in too). */
export function HealthStatus() {
  const { t } = useI18n();
  const { data, error, isPending, refetch } = useHealth();
  if (isPending) {
    return <p role="status">{t('health.checking')}</p>;
  }
  if (error) {
    return (
      <div role="alert" className="flex items-center gap-2">
        <p className="font-medium text-red-700 dark:text-red-300">
          {t('health.down', { message: error.message })}
        </p>
        <button type="button" className="btn" onClick={() => void refetch()}>
          {t('retry')}
        </button>
      </div>
    );
  }
  const ok = data.status === 'ok';
  return (
    <p role="status" data-testid="api-health" data-status={data.status}>
      <span className={ok ? 'text-emerald-700 dark:text-emerald-300' : 'text-amber-700 dark:text-amber-300'}>
        {t(ok ? 'health.ok' : 'health.degraded')}
      </span>{' '}
      <span className="text-slate-600 dark:text-slate-300">
        {t('health.details', {
          engine: data.database.engine,
          status: t(data.database.status === 'ok' ? 'health.databaseOk' : 'health.databaseDown'),
          version: data.version,
        })}
      </span>
    </p>
  );
}
