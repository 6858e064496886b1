import { sql } from 'drizzle-orm';
import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { withTenant } from '../db/tenant-scope';
import { BackgroundWrites } from './background-writes';
import { InvoiceRecords } from './invoice-records';

/** A tenant's settled invoices as one read saw them: every item settled on or after `from` that `snapshot` saw. */
export interface SettledInvoiceSnapshot {
  from: IsoDate;
  /** `pg_current_snapshot()` as text, of the read that brought them. */
  snapshot: string;
  records: InvoiceRecords;
}

/** Days by which what is stored may start before the history asked for. */
const STALE_AFTER_DAYS = 31;

/**
 * The cluster's identity. A snapshot counts transaction ids, which mean something only in the cluster that
 * took it: a database restored from a dump into another cluster counts anew, and there a stored snapshot
 * could take new settlements for ones it saw.
 */
const cluster = sql`(select system_identifier::text from pg_control_system())`;

/**
 * Each tenant's settled invoices in the database (migration 0023), for the next process: without them, a
 * process's first forecast of a large koncern reads a million settled invoices row by row. Settled items never
 * change (migration 0021), so what is stored stays true; the reader adds what was settled after its snapshot.
 * Writes go on in the background, each in a transaction of its own, and `settle()` waits for them.
 */
export class SettledInvoiceStore {
  private readonly writes: BackgroundWrites;

  constructor(
    private readonly db: Database,
    onError: (error: unknown) => void,
  ) {
    this.writes = new BackgroundWrites(onError);
  }

  /**
   * What is stored for the tenant, when it holds every item settled since `from` and not a month more: what
   * is stored is never trimmed, so one from long before is read anew (and stored again) rather than carried.
   */
  async read(tx: Database, tenantId: string, from: IsoDate): Promise<SettledInvoiceSnapshot | null> {
    const [row] = await selectRows<{ from_date: IsoDate; snapshot: string; data: string }>(
      tx,
      // Base64 rather than the driver's hex: a third less to send and to decode for tens of megabytes.
      sql`select from_date::text as from_date, snapshot, encode(data, 'base64') as data
          from forecast_settled_invoices
          where tenant_id = ${tenantId} and cluster = ${cluster}
            and from_date <= ${from}::date and from_date > ${from}::date - ${STALE_AFTER_DAYS}::int`,
    );
    if (!row) return null;
    const records = InvoiceRecords.fromBytes(Buffer.from(row.data, 'base64'));
    return records ? { from: row.from_date, snapshot: row.snapshot, records } : null;
  }

  /**
   * Stores the tenant's settled invoices in the background, replacing what was stored. The bytes are made
   * after the current request has had its turn (for a million invoices they take tens of milliseconds).
   */
  write(tenantId: string, settled: SettledInvoiceSnapshot): void {
    this.writes.start(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const bytes = settled.records.toBytes();
      if (!bytes) return;
      await withTenant(this.db, tenantId, async (tx) => {
        await tx.execute(sql`
          insert into forecast_settled_invoices (tenant_id, from_date, snapshot, cluster, row_count, data)
          values (${tenantId}, ${settled.from}::date, ${settled.snapshot}, ${cluster}, ${settled.records.count}, ${bytes})
          on conflict (tenant_id) do update set from_date = excluded.from_date, snapshot = excluded.snapshot,
            cluster = excluded.cluster, row_count = excluded.row_count, data = excluded.data, stored_at = now()`);
      });
    });
  }

  /** Resolves once every write begun so far has ended. */
  settle(): Promise<void> {
    return this.writes.settle();
  }
}
