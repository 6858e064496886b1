import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { WebhookEndpoint } from '../../../contract/webhooks';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { formatInstant } from './format-time';
import { useWebhookDeliveries, webhookKeys } from './get-webhooks';
import { useSettingsText } from './messages';
import { redeliver } from './webhook-writes';

/** The latest delivery attempts to one endpoint, each with a way to send its event again. */
export function WebhookDeliveries({ endpoint, onClose }: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const t = useSettingsText();
  const { locale } = useI18n();
  const queryClient = useQueryClient();
  const query = useWebhookDeliveries(endpoint.id);
  const [message, setMessage] = useState<string | null>(null);
  const again = useIntentMutation({
    write: (deliveryId: string, key) => redeliver(deliveryId, key('redeliver')),
    onSuccess: () => setMessage(t('redelivered')),
    onError: (error) => setMessage(t('writeFailed', { message: error.message })),
    onSettled: () => {
      // The new attempt is made within a second or two; show it when it is there.
      setTimeout(
        () => void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveriesOf(endpoint.id) }),
        2_000,
      );
    },
  });
  return (
    <section
      className="card overflow-x-auto"
      aria-labelledby="deliveries-title"
      data-testid="webhook-deliveries"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h4 id="deliveries-title" className="font-semibold break-all">
          {t('deliveries', { url: endpoint.url })}
        </h4>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t('closeDeliveries')}
        </button>
      </div>
      <p role="status" className="min-h-5 text-sm">
        {message}
      </p>
      {query.isPending ? (
        <Skeleton rows={4} />
      ) : query.error ? (
        <QueryError
          what={t('deliveries', { url: endpoint.url })}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.results.length === 0 ? (
        <Empty>{t('noDeliveries')}</Empty>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col" className="num">
                {t('attempt')}
              </th>
              <th scope="col">{t('result')}</th>
              <th scope="col" className="num">
                {t('latency')}
              </th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.results.map((delivery) => (
              <tr key={delivery.id}>
                <td className="whitespace-nowrap">{formatInstant(delivery.created_at, locale)}</td>
                <td>
                  <code>{delivery.event_type}</code>
                  <div className="text-xs text-slate-600 dark:text-slate-400">{delivery.event_id}</div>
                </td>
                <td className="num">{delivery.attempt}</td>
                <td>
                  {delivery.succeeded ? t('ok') : t('failed')} ({delivery.status_code ?? t('noStatus')})
                  {delivery.error && (
                    <div className="text-xs text-slate-600 dark:text-slate-400">{delivery.error}</div>
                  )}
                </td>
                <td className="num">{delivery.latency_ms} ms</td>
                <td>
                  <button
                    type="button"
                    className="btn-secondary"
                    aria-label={`${t('redeliver')}: ${delivery.event_id}`}
                    onClick={() => again.send(delivery.id)}
                  >
                    {t('redeliver')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
