import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  ALL_WEBHOOK_EVENTS,
  webhookEventTypes,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
} from '../../../contract/webhooks';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { useWebhookEndpoints, webhookKeys } from './get-webhooks';
import { reasonKey, useSettingsText } from './messages';
import { WebhookDeliveries } from './WebhookDeliveries';
import { createEndpoint, rotateSecret, setEndpointEnabled } from './webhook-writes';

type Selector = WebhookEventType | typeof ALL_WEBHOOK_EVENTS;

const SELECTORS: readonly Selector[] = [ALL_WEBHOOK_EVENTS, ...webhookEventTypes];

/** The endpoints, their switches and secrets; adding one; and the deliveries of the one chosen. */
export function WebhookEndpoints() {
  const t = useSettingsText();
  const query = useWebhookEndpoints(true);
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [shown, setShown] = useState<WebhookEndpoint | null>(null);
  return (
    <section aria-labelledby="webhooks-title" className="space-y-4">
      <h3 id="webhooks-title" className="text-lg font-semibold">
        {t('webhooks')}
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('webhooksIntro')}</p>
      {secret && <SecretOnce endpoint={secret} onDone={() => setSecret(null)} />}
      <div className="card overflow-x-auto">
        <h4 className="mb-2 font-semibold">{t('endpoints')}</h4>
        {query.isPending ? (
          <Skeleton rows={3} />
        ) : query.error ? (
          <QueryError what={t('endpoints')} error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.results.length === 0 ? (
          <Empty>{t('noEndpoints')}</Empty>
        ) : (
          <EndpointTable endpoints={query.data.results} onSecret={setSecret} onShow={setShown} />
        )}
      </div>
      {shown && <WebhookDeliveries endpoint={shown} onClose={() => setShown(null)} />}
      <NewEndpointForm onCreated={setSecret} />
    </section>
  );
}

function EndpointTable({
  endpoints,
  onSecret,
  onShow,
}: {
  endpoints: readonly WebhookEndpoint[];
  onSecret: (endpoint: WebhookEndpointWithSecret) => void;
  onShow: (endpoint: WebhookEndpoint) => void;
}) {
  const t = useSettingsText();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: webhookKeys.endpoints() });
  const toggle = useIntentMutation({
    write: (input: { id: string; enabled: boolean }) => setEndpointEnabled(input.id, input.enabled),
    onSuccess: () => setFailure(null),
    onError: (error) => setFailure(error.message),
    onSettled: refresh,
  });
  const rotate = useIntentMutation({
    write: (id: string, key) => rotateSecret(id, key('rotate')),
    onSuccess: (endpoint) => {
      setFailure(null);
      onSecret(endpoint);
    },
    onError: (error) => setFailure(error.message),
    onSettled: refresh,
  });
  return (
    <>
      {failure && (
        <p role="alert" className="mb-2 text-red-800 dark:text-red-300">
          {t('writeFailed', { message: failure })}
        </p>
      )}
      <table className="data-table" data-testid="webhook-endpoints">
        <thead>
          <tr>
            <th scope="col">{t('url')}</th>
            <th scope="col">{t('events')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((endpoint) => {
            const reason = endpoint.disabled_reason ? reasonKey(endpoint.disabled_reason) : null;
            return (
              <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
                <th scope="row" className="break-all">
                  {endpoint.url}
                  {endpoint.description && (
                    <div className="text-xs text-slate-600 dark:text-slate-400">{endpoint.description}</div>
                  )}
                </th>
                <td>
                  {endpoint.event_types
                    .map((type) => (type === ALL_WEBHOOK_EVENTS ? t('allEvents') : type))
                    .join(', ')}
                </td>
                <td>
                  {endpoint.enabled ? t('enabled') : t('disabled')}
                  {reason && <span className="text-slate-600 dark:text-slate-400"> ({t(reason)})</span>}
                </td>
                <td>
                  <div className="flex flex-wrap gap-2">
                    <button
                      type="button"
                      className="btn-secondary"
                      aria-label={`${endpoint.enabled ? t('disable') : t('enable')}: ${endpoint.url}`}
                      onClick={() => toggle.send({ id: endpoint.id, enabled: !endpoint.enabled })}
                    >
                      {endpoint.enabled ? t('disable') : t('enable')}
                    </button>
                    <button
                      type="button"
                      className="btn-secondary"
                      aria-label={`${t('rotate')}: ${endpoint.url}`}
                      onClick={() => rotate.send(endpoint.id)}
                    >
                      {t('rotate')}
                    </button>
                    <button
                      type="button"
                      className="btn-secondary"
                      aria-label={`${t('showDeliveries')}: ${endpoint.url}`}
                      onClick={() => onShow(endpoint)}
                    >
                      {t('showDeliveries')}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** A new secret, shown once; focus goes to it so a keyboard or screen reader user meets it at once. */
function SecretOnce({ endpoint, onDone }: { endpoint: WebhookEndpointWithSecret; onDone: () => void }) {
  const t = useSettingsText();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [endpoint.secret]);
  return (
    <div
      className="card border-amber-400 dark:border-amber-600"
      role="region"
      aria-labelledby="secret-title"
      data-testid="webhook-secret"
    >
      <h4 id="secret-title" ref={heading} tabIndex={-1} className="font-semibold">
        {t('secretTitle', { url: endpoint.url })}
      </h4>
      <p className="my-2 text-sm">{t('secretOnce')}</p>
      <code className="block rounded bg-slate-100 p-2 break-all dark:bg-slate-800">{endpoint.secret}</code>
      <button type="button" className="btn mt-3" onClick={onDone}>
        {t('hideSecret')}
      </button>
    </div>
  );
}

function NewEndpointForm({ onCreated }: { onCreated: (endpoint: WebhookEndpointWithSecret) => void }) {
  const t = useSettingsText();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [selected, setSelected] = useState<Selector[]>([ALL_WEBHOOK_EVENTS]);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useIntentMutation({
    write: (input: { url: string; eventTypes: Selector[]; description: string }, key) =>
      createEndpoint(input, key('create')),
    onSuccess: (endpoint) => {
      setProblem(null);
      setUrl('');
      setDescription('');
      onCreated(endpoint);
    },
    onError: (error) => setProblem(t('writeFailed', { message: error.message })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: webhookKeys.endpoints() }),
  });
  const toggle = (selector: Selector, on: boolean) =>
    setSelected((current) => (on ? [...current, selector] : current.filter((value) => value !== selector)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selected.length === 0) {
      setProblem(t('pickEvents'));
      return;
    }
    create.send({ url, eventTypes: selected, description });
  };
  return (
    <form className="card space-y-3" aria-labelledby="new-endpoint-title" onSubmit={submit}>
      <h4 id="new-endpoint-title" className="font-semibold">
        {t('addEndpoint')}
      </h4>
      <label className="flex flex-col gap-0.5">
        <span>{t('url')}</span>
        <input
          className="field"
          type="url"
          required
          value={url}
          placeholder="https://erp.example.se/finvis"
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        <span>{t('description')}</span>
        <input
          className="field"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('events')}</legend>
        <div className="flex flex-wrap gap-4">
          {SELECTORS.map((selector) => (
            <label key={selector} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={selected.includes(selector)}
                onChange={(event) => toggle(selector, event.target.checked)}
              />
              {selector === ALL_WEBHOOK_EVENTS ? t('allEvents') : <code>{selector}</code>}
            </label>
          ))}
        </div>
      </fieldset>
      {problem && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
      <button type="submit" className="btn" disabled={create.isPending}>
        {t('add')}
      </button>
    </form>
  );
}
