import type { FastifyInstance } from 'fastify';
import { isCurrency } from '../../banking/currency';
import type { IsoDate } from '../../banking/dates';
import { formatAmount, parseAmount } from '../../banking/money';
import {
  getForecastAccuracy,
  getLiquidityWarnings,
  listLiquidityBuffers,
  setLiquidityBufferEndpoint,
} from '../../contract/forecast';
import { problemTypes } from '../../contract/problem';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import type { HistoryLoader } from '../forecast/history-cache';
import { buffersByCompany, setBuffer } from '../forecast/buffers';
import { forecastAccuracy, liquidityWarnings } from '../forecast/service';
import { registerEndpoint } from '../http/endpoint-route';
import { ProblemError } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import { tenantOf } from '../auth/request-auth';

function invalidMinimum(message: string): ProblemError {
  return new ProblemError(400, problemTypes.validation, 'Invalid request', 'The request body is not valid.', [
    { path: '/minimum', message },
  ]);
}

/** The buffer in SEK öre: SEK, two decimals at most, zero or more; null removes it. */
function minimumMinor(minimum: { amount: string; currency: string } | null): bigint | null {
  if (minimum === null) return null;
  if (minimum.currency !== 'SEK' || !isCurrency(minimum.currency)) throw invalidMinimum('must be in SEK');
  const parsed = parseAmount(minimum.amount, minimum.currency);
  if (!parsed.ok) throw invalidMinimum(parsed.error);
  if (parsed.value < 0n) throw invalidMinimum('must not be negative');
  return parsed.value;
}

/** Forecast accuracy, liquidity warnings and liquidity buffers (issue 13). */
export function registerForecastRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle; loadHistory: HistoryLoader; today: () => IsoDate },
): void {
  const db = services.database.db;
  const { loadHistory } = services;
  const readOptions = () => ({ today: services.today(), load: loadHistory });

  registerEndpoint(app, getForecastAccuracy, async ({ query, raw }) => {
    const tenantId = tenantOf(raw);
    // Read in the tenant's transaction, worked out after it: the backtest takes seconds on a large koncern.
    const options = readOptions();
    const work = await withTenant(db, tenantId, (tx) => forecastAccuracy(tx, tenantId, query, options));
    return { status: 200, body: await work() };
  });

  registerEndpoint(app, getLiquidityWarnings, async ({ query, raw }) => {
    const tenantId = tenantOf(raw);
    const options = readOptions();
    return {
      status: 200,
      body: await withTenant(db, tenantId, (tx) => liquidityWarnings(tx, tenantId, query, options)),
    };
  });

  registerEndpoint(app, listLiquidityBuffers, async ({ raw }) => {
    const tenantId = tenantOf(raw);
    const buffers = await withTenant(db, tenantId, (tx) => buffersByCompany(tx, tenantId));
    const results = [...buffers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([companyId, minor]) => ({
        company_id: companyId,
        minimum: { amount: formatAmount(minor, 'SEK'), currency: 'SEK' },
      }));
    return { status: 200, body: { results } };
  });

  registerWriteEndpoint(
    app,
    setLiquidityBufferEndpoint,
    services,
    async ({ body, request, tx }) => {
      const tenantId = tenantOf(request);
      const minor = minimumMinor(body.minimum);
      await setBuffer(tx, tenantId, body.company_id, minor);
      await recordAudit(tx, request, {
        action: minor === null ? 'liquidity_buffer.removed' : 'liquidity_buffer.set',
        resourceType: 'company',
        resourceId: body.company_id,
        detail: { minimum: minor === null ? null : formatAmount(minor, 'SEK') },
      });
      return {
        status: 200,
        body: {
          company_id: body.company_id,
          minimum: minor === null ? null : { amount: formatAmount(minor, 'SEK'), currency: 'SEK' },
        },
      };
    },
    { validate: ({ body }) => void minimumMinor(body.minimum) },
  );
}
