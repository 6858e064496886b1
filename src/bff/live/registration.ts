import { randomUUID } from 'node:crypto';
import {
  webhookEndpointList,
  webhookEndpointWithSecret,
  type WebhookEndpointWithSecret,
} from '../../contract/webhooks';
import type { FinvisTokenSource } from '../proxy/finvis-tokens';
import { callUpstream } from '../upstream';

export class RegistrationError extends Error {
  override name = 'RegistrationError';
}

/**
 * The sandbox's self-registration: makes sure the API has an enabled webhook endpoint for every
 * event type at the BFF's receiver URL, and returns its signing secret. The API shows a secret only
 * once, so an endpoint found from an earlier start gets a new one by rotation (which also keeps the
 * deliveries still pending for it, signed with both secrets for a while).
 */
export async function registerReceiver(options: {
  apiUrl: string;
  receiverUrl: string;
  tokens: FinvisTokenSource;
  timeoutMs: number;
}): Promise<string> {
  const token = await options.tokens.get(['admin:public_api']);
  const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
    const result = await callUpstream(`${options.apiUrl}/public${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token.accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: options.timeoutMs,
    });
    if (!result.ok) throw new RegistrationError(`the Finvis API: ${result.message}`);
    const text = result.body.toString('utf8');
    if (result.status >= 300)
      throw new RegistrationError(`${method} ${path} answered ${result.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };

  let existing: string | undefined;
  let cursor: string | null = null;
  do {
    const page = webhookEndpointList.parse(
      await call('GET', `/webhooks/endpoints?limit=500${cursor ? `&cursor=${cursor}` : ''}`),
    );
    existing = page.results.find((endpoint) => endpoint.url === options.receiverUrl)?.id;
    cursor = page.next_cursor;
  } while (!existing && cursor);

  let endpoint: WebhookEndpointWithSecret;
  if (existing) {
    endpoint = webhookEndpointWithSecret.parse(
      await call('POST', `/webhooks/endpoints/${existing}/rotate-secret`),
    );
    if (!endpoint.enabled || endpoint.event_types.join() !== '*') {
      await call('PATCH', `/webhooks/endpoints/${existing}`, { enabled: true, event_types: ['*'] });
    }
  } else {
    endpoint = webhookEndpointWithSecret.parse(
      await call('POST', '/webhooks/endpoints', {
        url: options.receiverUrl,
        event_types: ['*'],
        description: 'Finvis dashboard (BFF): live updates',
      }),
    );
  }
  return endpoint.secret;
}
