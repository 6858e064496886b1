import type { FastifyInstance } from 'fastify';
import type { IsoDate } from '../../banking/dates';
import { getCashflow, getPositions } from '../../contract/reporting';
import type { Database } from '../db/client';
import type { HistoryLoader } from '../forecast/history-cache';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { getCashflow as queryCashflow, getPositions as queryPositions } from '../repositories/reporting';
import { authOf } from '../auth/request-auth';

/** The reporting endpoints: positions and cashflow of a koncern. */
export function registerReportingRoutes(
  app: FastifyInstance,
  db: Database,
  loadHistory: HistoryLoader,
  today: () => IsoDate,
): void {
  registerEndpoint(app, getPositions, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    const date = today();
    return {
      status: 200,
      body: await withTenant(db, tenantId, (tx) => queryPositions(tx, tenantId, query, date)),
    };
  });

  registerEndpoint(app, getCashflow, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    const options = { today: today(), loadHistory };
    return {
      status: 200,
      body: await withTenant(db, tenantId, (tx) => queryCashflow(tx, tenantId, query, options)),
    };
  });
}
