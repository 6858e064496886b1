import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { selectRows } from '../src/api/db/rows';
import { withTenant } from '../src/api/db/tenant-scope';
import type { RunningApi } from '../src/api/server';
import { recordEvent } from '../src/api/webhooks/events';
import type { RunningBff } from '../src/bff/server';
import { scopes } from '../src/contract/scopes';
import { startTestApi } from './support/api-server';
import { startTestBff } from './support/bff';
import { signInAs } from './support/bff-sign-in';
import { createTestClient } from './support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from './support/databases';
import { openEventStream } from './support/event-stream';
import { eventually, sampleTransaction } from './support/webhook-receiver';

const CFO = 'usr_astrid_lindqvist';

describe.each(testEngines)('live updates from the API through the BFF on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let bff: RunningBff;
  let tenantId: string;

  beforeAll(async () => {
    vi.stubEnv('FINVIS_WEBHOOKS_ALLOW_PRIVATE', '1');
    // No polling to speak of: events written in this process wake the dispatcher.
    vi.stubEnv('FINVIS_WEBHOOKS_POLL_MS', '3600000');
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(database.handle.db, 'demo', [...scopes]);
    tenantId = client.tenantId;
    bff = await startTestBff(api.url, {
      clientCredentials: { kind: 'inline', clientId: client.clientId, clientSecret: client.secret },
      liveUpdates: { kind: 'register', receiverUrl: null },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await api?.close();
    await database?.drop();
    vi.unstubAllEnvs();
  });

  it('registers its receiver with the API on start, and pushes delivered events to the browser', async () => {
    const [endpoint] = await selectRows<{ url: string; event_types: string[]; enabled: boolean }>(
      database.handle.db,
      sql`select url, event_types, enabled from webhook_endpoints where tenant_id = ${tenantId}`,
    );
    expect(endpoint).toEqual({ url: `${bff.url}/webhooks/finvis`, event_types: ['*'], enabled: true });

    const { accessToken } = await signInAs(bff.url, CFO);
    const stream = await openEventStream(`${bff.url}/api/events`, { authorization: `Bearer ${accessToken}` });
    try {
      const eventId = await withTenant(database.handle.db, tenantId, (tx) =>
        recordEvent(tx, tenantId, 'transaction.created', sampleTransaction(1)),
      );
      await eventually(() => stream.received.some((m) => m.id === eventId));
      expect(stream.received.find((m) => m.id === eventId)?.event).toBe('transaction.created');
    } finally {
      stream.close();
    }
  });
});
