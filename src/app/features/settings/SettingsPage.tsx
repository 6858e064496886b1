import { useAuth, useCan } from '../../auth/auth';
import { useI18n } from '../../lib/i18n';
import { AutoConfirmSetting } from './AutoConfirmSetting';
import { LiquidityBuffers } from './LiquidityBuffers';
import { useSettingsText } from './messages';
import { WebhookEndpoints } from './WebhookEndpoints';

/**
 * The tenant's settings, each shown to those whose roles may read it and editable by those who may
 * change it: the auto-confirm threshold, the liquidity buffers, and the webhook endpoints.
 */
export function SettingsPage() {
  const t = useSettingsText();
  const i18n = useI18n();
  const signedIn = useAuth().status === 'signed-in';
  const reconciliation = useCan('read:reconciliation');
  const reporting = useCan('read:reporting');
  const webhooks = useCan('admin:public_api');
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('settings')}
      </h2>
      {!signedIn ? (
        <p className="card">{i18n.t('signInFirst')}</p>
      ) : !reconciliation && !reporting && !webhooks ? (
        <p className="card">{t('nothingForRole')}</p>
      ) : (
        <>
          {reconciliation && <AutoConfirmSetting />}
          {reporting && <LiquidityBuffers />}
          {webhooks && <WebhookEndpoints />}
        </>
      )}
    </section>
  );
}
