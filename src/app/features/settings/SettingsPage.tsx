import { useAuth } from '../../auth/auth';
import { useI18n } from '../../lib/i18n';
import { useSettingsText } from './messages';
import { WebhookEndpoints } from './WebhookEndpoints';

/** Settings, for administrators: the tenant's webhook endpoints and their deliveries. */
export function SettingsPage() {
  const t = useSettingsText();
  const i18n = useI18n();
  const auth = useAuth();
  const isAdmin = auth.status === 'signed-in' && auth.person.roles.includes('admin');
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('settings')}
      </h2>
      {auth.status !== 'signed-in' ? (
        <p className="card">{i18n.t('signInFirst')}</p>
      ) : isAdmin ? (
        <WebhookEndpoints />
      ) : (
        <p className="card">{t('adminsOnly')}</p>
      )}
    </section>
  );
}
