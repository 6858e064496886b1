import { useI18n } from '../../lib/i18n';
import { useKoncern } from './use-koncern';

/** The signed-in person's koncerner, read through the BFF with the scopes of their role. */
export function KoncernOverview() {
  const { t } = useI18n();
  const { signedIn, koncerner } = useKoncern();
  if (!signedIn || koncerner.length === 0) return null;
  return (
    <section aria-labelledby="koncerner-title" className="card">
      <h3 id="koncerner-title" className="text-lg font-semibold">
        {t('koncerner')}
      </h3>
      <ul data-testid="koncerner" className="mt-2 list-disc pl-5">
        {koncerner.map((koncern) => (
          <li key={koncern.id}>
            {koncern.name} ({koncern.reporting_currency})
          </li>
        ))}
      </ul>
    </section>
  );
}
