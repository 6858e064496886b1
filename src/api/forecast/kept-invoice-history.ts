import type { InvoiceHistory } from './invoice-history';
import type { InvoiceRecords } from './invoice-records';

/*
 * A bank transaction booked today makes the API load its koncern's history again (the read cache drops it), and
 * building the invoice history anew from a million kept settled invoices (placing each on its account, ordering
 * them by day, sorting the settled ones by when they were paid) was a third of that load on a large koncern.
 * Most changes leave the invoices as they were: then the history built last time is used again. It is built
 * only from the records, the day the history starts, the accounts and where each company's items are paid,
 * and which payment batches count; it changes nothing of itself after it is built, so sharing it is safe.
 */

interface Built {
  settled: readonly InvoiceRecords[];
  open: InvoiceRecords;
  inputs: string;
  invoices: InvoiceHistory;
}

/**
 * Per kept settled part that starts a tenant's list, the history last built on it: it is forgotten with that part
 * (a join of the parts, or the tenant dropped from the kept settled invoices).
 */
const builtOn = new WeakMap<InvoiceRecords, Built>();

/**
 * The invoice history of the kept `settled` parts and the `open` items, with everything else it is built from
 * summed up in `inputs`: the one built last on the same settled parts when nothing of this differs, else `build()`.
 */
export function keptInvoiceHistory(
  settled: readonly InvoiceRecords[],
  open: InvoiceRecords,
  inputs: string,
  build: () => InvoiceHistory,
): InvoiceHistory {
  const [base] = settled;
  if (!base) return build();
  const last = builtOn.get(base);
  if (
    last &&
    last.inputs === inputs &&
    last.settled.length === settled.length &&
    last.settled.every((part, i) => part === settled[i]) &&
    last.open.equals(open)
  ) {
    return last.invoices;
  }
  const invoices = build();
  builtOn.set(base, { settled, open, inputs, invoices });
  return invoices;
}
