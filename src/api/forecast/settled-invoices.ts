import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { InvoiceRecords } from './invoice-records';
import { readInvoicesSettledSince, readSettledInvoices } from './invoice-query';

/** Reads since the last full one are kept as parts; past this many they are joined into one. */
const MAX_PARTS = 16;
/** Settled invoices kept in all, over the tenants (about 40 bytes each). */
const DEFAULT_MAX_ROWS = 4_000_000;

interface Kept {
  /** What the latest read saw; the next one reads what was settled beyond it. */
  snapshot: string;
  /** The earliest paid day held. */
  from: IsoDate;
  parts: InvoiceRecords[];
  rows: number;
}

/**
 * Each tenant's settled invoices, kept between forecasts: a large koncern has a million, which take seconds
 * to read, and every bank transaction that arrives would otherwise have them read again. A settled item never
 * changes what the forecast reads of it (migration 0021 refuses such a change), so what is kept stays true,
 * and each load adds the items settled since the snapshot of the last read: those whose settling transaction
 * that snapshot did not see, including one that was still running then. Tenants are kept in the order they
 * were last used, up to a number of rows in all.
 */
export class SettledInvoiceCache {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly maxRows = DEFAULT_MAX_ROWS) {}

  /** The tenant's items settled on or after `from`, in parts (and perhaps some settled earlier). */
  async load(tx: Database, tenantId: string, from: IsoDate): Promise<InvoiceRecords[]> {
    const kept = this.kept.get(tenantId);
    // The history's first day moves forward day by day; reading from an earlier one needs what was not kept.
    const base = kept && kept.from <= from ? kept : undefined;
    const read = base
      ? await readInvoicesSettledSince(tx, tenantId, base.from, base.snapshot)
      : await readSettledInvoices(tx, tenantId, from);
    let parts = base ? [...base.parts, read.records].filter((p) => p.count > 0) : [read.records];
    if (parts.length > MAX_PARTS) parts = [InvoiceRecords.concat(parts)];
    // What a transaction that has written reads may never commit, or commit after snapshots that do not see it.
    if (read.ownWrites) return parts;
    this.kept.delete(tenantId);
    this.kept.set(tenantId, {
      snapshot: read.snapshot,
      from: base?.from ?? from,
      parts,
      rows: parts.reduce((n, p) => n + p.count, 0),
    });
    this.evict();
    return parts;
  }

  /** Forgets the tenants used longest ago until the rest fit (the latest is kept even alone over the limit). */
  private evict(): void {
    let rows = 0;
    for (const entry of this.kept.values()) rows += entry.rows;
    for (const [tenantId, entry] of this.kept) {
      if (rows <= this.maxRows || this.kept.size === 1) break;
      this.kept.delete(tenantId);
      rows -= entry.rows;
    }
  }
}
