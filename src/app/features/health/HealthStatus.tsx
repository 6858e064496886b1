import { useHealth } from './get-health';

/** The API's health as the BFF reports it (public, shown before sign-in too). */
export function HealthStatus() {
  const { data, error, isPending, refetch } = useHealth();
  if (isPending) {
    return <p role="status">Kontrollerar API:t…</p>;
  }
  if (error) {
    return (
      <div role="alert" className="flex items-center gap-2">
        <p className="font-medium text-red-700 dark:text-red-300">API:t svarar inte: {error.message}</p>
        <button type="button" className="btn" onClick={() => void refetch()}>
          Försök igen
        </button>
      </div>
    );
  }
  const ok = data.status === 'ok';
  return (
    <p role="status" data-testid="api-health" data-status={data.status}>
      <span className={ok ? 'text-emerald-700 dark:text-emerald-300' : 'text-amber-700 dark:text-amber-300'}>
        API: {ok ? 'OK' : 'begränsad drift'}
      </span>{' '}
      <span className="text-slate-600 dark:text-slate-300">
        (databas {data.database.engine}, {data.database.status === 'ok' ? 'OK' : 'svarar inte'}, version{' '}
        {data.version})
      </span>
    </p>
  );
}
