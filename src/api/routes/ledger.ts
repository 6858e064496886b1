import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  getAccount,
  listAccounts,
  listCompanies,
  listKoncerner,
  listTransactions,
} from '../../contract/ledger';
import type { Database } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { notFound } from '../http/problem';
import { findAccount, listAccounts as queryAccounts } from '../repositories/ledger-accounts';
import {
  listCompanies as queryCompanies,
  listKoncerner as queryKoncerner,
} from '../repositories/ledger-organisation';
import { listTransactions as queryTransactions } from '../repositories/ledger-transactions';
import type { TenantReadCache } from '../read-cache/tenant-read-cache';
import { authOf } from '../auth/request-auth';

// Both forms of an answer name Accept-Encoding, so that no HTTP cache hands one to a caller of the other.
const JSON_CONTENT = { 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
const GZIP_JSON_CONTENT = { ...JSON_CONTENT, 'content-encoding': 'gzip' };
const encodings = new Negotiator({ supportedValues: ['gzip', 'identity'] });

/** The ledger and organisation read endpoints: koncerner, companies, accounts with balances, transactions. */
export function registerLedgerRoutes(app: FastifyInstance, db: Database, cache: TenantReadCache): void {
  /**
   * The answer to this very request (path and query string), from memory while the tenant's ledger stands
   * still; gzip-compressed for a caller that accepts it where the answer is kept (compressed once).
   */
  async function answer<T>(raw: FastifyRequest, read: (tx: Database, tenantId: string) => Promise<T>) {
    const { tenantId } = authOf(raw);
    const { json, gzip } = await cache.answer(tenantId, raw.url, () =>
      withTenant(db, tenantId, (tx) => read(tx, tenantId)),
    );
    if (gzip && encodings.negotiate(raw.headers['accept-encoding'] ?? '') === 'gzip') {
      const compressed = await gzip().catch(() => null);
      if (compressed) return { status: 200, body: compressed, headers: GZIP_JSON_CONTENT };
    }
    return { status: 200, body: json, headers: JSON_CONTENT };
  }

  registerEndpoint(app, listKoncerner, ({ query, raw }) =>
    answer(raw, (tx, tenantId) => queryKoncerner(tx, tenantId, query)),
  );

  registerEndpoint(app, listCompanies, ({ query, raw }) =>
    answer(raw, (tx, tenantId) => queryCompanies(tx, tenantId, query)),
  );

  registerEndpoint(app, listAccounts, ({ query, raw }) =>
    answer(raw, (tx, tenantId) => queryAccounts(tx, tenantId, query)),
  );

  registerEndpoint(app, getAccount, ({ params, raw }) =>
    answer(raw, async (tx, tenantId) => {
      const account = await findAccount(tx, tenantId, params.id);
      if (!account) throw notFound(`No account ${params.id}.`);
      return account;
    }),
  );

  registerEndpoint(app, listTransactions, ({ query, raw }) =>
    answer(raw, (tx, tenantId) => queryTransactions(tx, tenantId, query)),
  );
}
