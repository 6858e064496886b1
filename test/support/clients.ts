import type { Scope } from '../../src/contract/scopes';
import type { Database } from '../../src/api/db/client';
import { createApiClient } from '../../src/api/repositories/api-clients';
import { createTenant, findTenantByName } from '../../src/api/repositories/tenants';

export interface TestClient {
  tenantId: string;
  clientId: string;
  secret: string;
}

/** A tenant (created when missing) and an API client of it with the given scopes. */
export async function createTestClient(
  db: Database,
  tenantName: string,
  scopes: Scope[],
  rateLimitPerMinute?: number,
): Promise<TestClient> {
  const tenant = (await findTenantByName(db, tenantName)) ?? (await createTenant(db, tenantName));
  const { client, secret } = await createApiClient(db, {
    tenantId: tenant.id,
    name: `${tenantName} test client`,
    scopes,
    ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}),
  });
  return { tenantId: tenant.id, clientId: client.id, secret };
}

export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A token from the real token endpoint, as an integrator would get one. */
export async function fetchToken(apiUrl: string, client: TestClient, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope !== undefined) form.set('scope', scope);
  const response = await fetch(`${apiUrl}/public/auth/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(client.clientId, client.secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form,
  });
  if (response.status !== 200)
    throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
