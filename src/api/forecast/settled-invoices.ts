import { toEpochDay, type IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { InvoiceRecords } from './invoice-records';
import { readInvoicesSettledSince, readSettledInvoices } from './invoice-query';
import type { SettledInvoiceStore } from './settled-invoice-store';

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
 *
 * With a store, what a process reads in full is also stored in the database, and a process that has kept
 * nothing of a tenant starts from what is stored there; each time the parts read since are joined into one,
 * that one is stored again, so the next process has less to add.
 */
export class SettledInvoiceCache {
  private readonly kept = new Map<string, Kept>();

  private readonly maxRows: number;
  private readonly maxParts: number;

  constructor(
    private readonly store: SettledInvoiceStore | null = null,
    limits: { maxRows?: number; maxParts?: number } = {},
  ) {
    this.maxRows = limits.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxParts = limits.maxParts ?? MAX_PARTS;
  }

  /** The tenant's items settled on or after `from`, in parts (and perhaps some settled earlier). */
  async load(tx: Database, tenantId: string, from: IsoDate): Promise<InvoiceRecords[]> {
    const kept = this.kept.get(tenantId);
    // The history's first day moves forward day by day; reading from an earlier one needs what was not kept.
    const base = (kept && kept.from <= from ? kept : undefined) ?? (await this.stored(tx, tenantId, from));
    const read = base
      ? await readInvoicesSettledSince(tx, tenantId, base.from, base.snapshot)
      : await readSettledInvoices(tx, tenantId, from);
    let parts = base ? [...base.parts, read.records].filter((p) => p.count > 0) : [read.records];
    // Joined, the parts also drop the items paid before the history's first day, which no load asks for again.
    const joined = parts.length > this.maxParts;
    if (joined) parts = [InvoiceRecords.concat(parts, toEpochDay(from))];
    // What a transaction that has written reads may never commit, or commit after snapshots that do not see it.
    if (read.ownWrites) return parts;
    const entry = {
      snapshot: read.snapshot,
      from: joined || !base ? from : base.from,
      parts,
      rows: parts.reduce((n, p) => n + p.count, 0),
    };
    this.kept.delete(tenantId);
    this.kept.set(tenantId, entry);
    this.evict();
    // A full read and a join each leave one part: that one is what the next process starts from.
    const [only] = parts;
    if ((!base || joined) && only) {
      this.store?.write(tenantId, { from: entry.from, snapshot: entry.snapshot, records: only });
    }
    return parts;
  }

  /** What the store holds for the tenant, as a kept entry; undefined without a store or a usable row. */
  private async stored(tx: Database, tenantId: string, from: IsoDate): Promise<Kept | undefined> {
    const stored = await this.store?.read(tx, tenantId, from);
    if (!stored) return undefined;
    return {
      snapshot: stored.snapshot,
      from: stored.from,
      parts: [stored.records],
      rows: stored.records.count,
    };
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
