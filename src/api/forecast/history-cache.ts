import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import type { TenantReadCache } from '../read-cache/tenant-read-cache';
import { loadKoncernHistory, type KoncernHistory } from './history-query';
import type { SettledInvoiceCache } from './settled-invoices';

/** How the forecast gets a koncern's history: loaded, or kept from an earlier request. */
export type HistoryLoader = (
  tx: Database,
  tenantId: string,
  koncernId: string,
  today: IsoDate,
) => Promise<KoncernHistory>;

/**
 * The koncern's history kept in the read cache while nothing it shows changes (the change feed hears
 * every write to its tables: migrations 0017 and 0020): the cashflow page asks for the forecast, its
 * accuracy and its warnings at once, and a large koncern's history (a million invoices) takes seconds to
 * load. The scopes worked out from it, with their calibrated bands, are kept with it (scope-history.ts). The
 * settled invoices are kept apart, through changes (settled-invoices.ts).
 */
export function cachedHistories(cache: TenantReadCache, settled: SettledInvoiceCache): HistoryLoader {
  return (tx, tenantId, koncernId, today) =>
    cache.value(tenantId, `forecast-history\u0000${koncernId}\u0000${today}`, () =>
      loadKoncernHistory(tx, tenantId, koncernId, today, settled),
    );
}
