import { useAuth } from '../../auth/auth';
import { useKoncerner } from './get-koncerner';

/** The signed-in person's koncerner, read through the BFF with the scopes of their role. */
export function KoncernOverview() {
  const signedIn = useAuth().status === 'signed-in';
  const { data, error, isPending } = useKoncerner(signedIn);
  if (!signedIn) return null;
  return (
    <section
      aria-label="Koncerner"
      className="mt-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-lg font-semibold">Koncerner</h2>
      {isPending ? (
        <p role="status">Hämtar koncerner…</p>
      ) : error ? (
        <p role="alert" className="text-red-700">
          {error.message}
        </p>
      ) : (
        <ul data-testid="koncerner" className="mt-2 list-disc pl-5">
          {data.results.map((koncern) => (
            <li key={koncern.id}>
              {koncern.name} ({koncern.reporting_currency})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
