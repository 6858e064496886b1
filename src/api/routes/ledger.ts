import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  getAccount,
  listAccounts,
  listCompanies,
  listKoncerner,
  listTransactions,
} from '../../contract/ledger';
import type { AuthContext } from '../auth/authenticate';
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

/** Every ledger endpoint declares a scope, so the request guard has set `auth` before the handler runs. */
function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('ledger route reached without authentication');
  return request.auth;
}

/** The ledger and organisation read endpoints: koncerner, companies, accounts with balances, transactions. */
export function registerLedgerRoutes(app: FastifyInstance, db: Database): void {
  registerEndpoint(app, listKoncerner, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => queryKoncerner(tx, tenantId, query)) };
  });

  registerEndpoint(app, listCompanies, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => queryCompanies(tx, tenantId, query)) };
  });

  registerEndpoint(app, listAccounts, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => queryAccounts(tx, tenantId, query)) };
  });

  registerEndpoint(app, getAccount, async ({ params, raw }) => {
    const { tenantId } = authOf(raw);
    const account = await withTenant(db, tenantId, (tx) => findAccount(tx, tenantId, params.id));
    if (!account) throw notFound(`No account ${params.id}.`);
    return { status: 200, body: account };
  });

  registerEndpoint(app, listTransactions, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return {
      status: 200,
      body: await withTenant(db, tenantId, (tx) => queryTransactions(tx, tenantId, query)),
    };
  });
}
