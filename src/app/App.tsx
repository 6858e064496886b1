import { AccountBar } from './auth/AccountBar';
import { useHealth } from './features/health/get-health';
import { KoncernOverview } from './features/koncerner/KoncernList';

function HealthStatus() {
  const { data, error, isPending, refetch } = useHealth();
  if (isPending) {
    return <p role="status">Kontrollerar API:t…</p>;
  }
  if (error) {
    return (
      <div role="alert" className="space-y-2">
        <p className="font-medium text-red-700">API:t svarar inte: {error.message}</p>
        <button
          type="button"
          className="rounded bg-slate-800 px-3 py-1 text-white"
          onClick={() => void refetch()}
        >
          Försök igen
        </button>
      </div>
    );
  }
  const ok = data.status === 'ok';
  return (
    <p role="status" data-testid="api-health" data-status={data.status}>
      <span className={ok ? 'text-emerald-700' : 'text-amber-700'}>API: {ok ? 'OK' : 'begränsad drift'}</span>{' '}
      <span className="text-slate-600">
        (databas {data.database.engine}, {data.database.status === 'ok' ? 'OK' : 'svarar inte'}, version{' '}
        {data.version})
      </span>
    </p>
  );
}

export function App() {
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Konto" className="mx-auto flex max-w-2xl justify-end px-10 py-3">
          <AccountBar />
        </nav>
      </header>
      <main className="mx-auto max-w-2xl p-10">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900">Finvis</h1>
        <p className="mt-2 text-slate-700">Likviditet, betalningar och avstämning för svenska koncerner.</p>
        <section
          aria-label="Systemstatus"
          className="mt-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        >
          <HealthStatus />
        </section>
        <KoncernOverview />
      </main>
    </>
  );
}
