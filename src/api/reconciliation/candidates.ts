import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import type { MatchableItem, MatchableTransaction } from './model';
import { pairKey } from './model';
import { messageTokens } from './scoring';

interface TransactionRow {
  id: string;
  account_id: string;
  company_id: string;
  booking_date: string;
  amount_minor: string;
  currency: string;
  counterparty_name: string | null;
  ocr: string | null;
  message: string | null;
  end_to_end_id: string | null;
}

interface ItemRow {
  id: string;
  company_id: string;
  kind: 'receivable' | 'payable';
  external_id: string;
  counterparty_name: string;
  reference: string | null;
  ocr: string | null;
  open_minor: string;
  currency: string;
  due_date: string;
  end_to_end_id: string | null;
}

const textArray = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;

/** How far from a payment's date the payer's other invoices (or an invoice's other payments) are looked for. */
const NAME_WINDOW_DAYS = 60;

function earliestDue(items: readonly MatchableItem[]): string {
  return items.map((item) => item.dueDate).sort()[0] ?? '1970-01-01';
}

/**
 * Unreconciled transactions that can settle an open item (transfers within the koncern never do). With
 * `rejected`, the pairs a person rejected with each of them are added to it in the same round trip.
 */
async function selectTransactions(
  tx: Database,
  tenantId: string,
  where: SQL,
  rejected?: Set<string>,
): Promise<MatchableTransaction[]> {
  const rows = await selectRows<TransactionRow & { rejected_items: string[] | null }>(
    tx,
    sql`select t.id, t.account_id, a.company_id, t.booking_date::text as booking_date,
          t.amount_minor::text as amount_minor, t.currency, t.counterparty_name, t.ocr, t.message, t.end_to_end_id,
          ${
            rejected
              ? sql`array(select r.open_item_id from reconciliation_rejected_pairs r
                      where r.tenant_id = ${tenantId} and r.transaction_id = t.id)`
              : sql`null::text[]`
          } as rejected_items
        from transactions t join bank_accounts a on a.id = t.account_id
        where t.tenant_id = ${tenantId} and t.reconciliation_state = 'unreconciled' and not t.intra_group
          and t.amount_minor <> 0 and (${where})`,
  );
  for (const r of rows) for (const item of r.rejected_items ?? []) rejected?.add(pairKey(r.id, item));
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    companyId: r.company_id,
    bookingDate: r.booking_date,
    amountMinor: BigInt(r.amount_minor),
    currency: r.currency,
    counterpartyName: r.counterparty_name,
    ocr: r.ocr,
    message: r.message,
    endToEndId: r.end_to_end_id,
  }));
}

/** Open items with something still open that no proposed match holds. */
async function selectItems(tx: Database, tenantId: string, where: SQL): Promise<MatchableItem[]> {
  const rows = await selectRows<ItemRow>(
    tx,
    sql`select i.id, i.company_id, i.kind, i.external_id, i.counterparty_name, i.reference, i.ocr,
          (i.amount_minor - i.settled_minor)::text as open_minor, i.currency, i.due_date::text as due_date,
          i.end_to_end_id
        from open_items i
        where i.tenant_id = ${tenantId} and i.status = 'open' and i.amount_minor > i.settled_minor
          and not exists (select 1 from reconciliation_match_items m where m.open_item_id = i.id and m.pending)
          and (${where})`,
  );
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    kind: r.kind,
    externalId: r.external_id,
    counterpartyName: r.counterparty_name,
    reference: r.reference,
    ocr: r.ocr,
    openMinor: BigInt(r.open_minor),
    currency: r.currency,
    dueDate: r.due_date,
    endToEndId: r.end_to_end_id,
  }));
}

async function selectRejected(tx: Database, tenantId: string): Promise<Set<string>> {
  const rows = await selectRows<{ transaction_id: string; open_item_id: string }>(
    tx,
    sql`select transaction_id, open_item_id from reconciliation_rejected_pairs where tenant_id = ${tenantId}`,
  );
  return new Set(rows.map((r) => pairKey(r.transaction_id, r.open_item_id)));
}

/**
 * The given transactions, if they are unreconciled and could settle an open item; with `rejected`, the
 * pairs rejected with them are added to it.
 */
export async function loadTransactions(
  tx: Database,
  tenantId: string,
  ids: readonly string[],
  rejected?: Set<string>,
): Promise<MatchableTransaction[]> {
  return ids.length === 0
    ? []
    : selectTransactions(tx, tenantId, sql`t.id = any(${textArray(ids)})`, rejected);
}

export interface Candidates {
  transactions: MatchableTransaction[];
  items: MatchableItem[];
  rejected: Set<string>;
}

/** Everything unreconciled and open: the input of a full run. */
export async function loadAllCandidates(tx: Database, tenantId: string): Promise<Candidates> {
  return {
    transactions: await selectTransactions(tx, tenantId, sql`true`),
    items: await selectItems(tx, tenantId, sql`true`),
    rejected: await selectRejected(tx, tenantId),
  };
}

function distinct(values: Iterable<string | null>): string[] {
  const set = new Set<string>();
  for (const value of values) if (value !== null && value !== '') set.add(value);
  return [...set];
}

function lowerNames(values: Iterable<string | null>): string[] {
  return distinct([...values].map((v) => (v === null ? null : v.toLowerCase())));
}

/**
 * What arrived and what could match it, found through indexed lookups only (OCR, end-to-end id,
 * reference, amount, counterparty name), so one new transaction never scans the tenant's data.
 */
export async function loadArrivalCandidates(
  tx: Database,
  tenantId: string,
  arrivals: {
    transactions: readonly MatchableTransaction[];
    openItemIds: readonly string[];
    /** The pairs rejected with the arrived transactions (loadTransactions); those of the others are added. */
    rejected: Set<string>;
  },
): Promise<Candidates> {
  const arrivedTransactions = arrivals.transactions;
  const arrivedItems =
    arrivals.openItemIds.length === 0
      ? []
      : await selectItems(tx, tenantId, sql`i.id = any(${textArray(arrivals.openItemIds)})`);

  const items = new Map(arrivedItems.map((item) => [item.id, item]));
  if (arrivedTransactions.length > 0) {
    const amounts = distinct(
      arrivedTransactions.map((t) => (t.amountMinor < 0n ? -t.amountMinor : t.amountMinor).toString()),
    );
    const quoted = await selectItems(
      tx,
      tenantId,
      sql`i.ocr = any(${textArray(distinct(arrivedTransactions.map((t) => t.ocr)))})
        or i.end_to_end_id = any(${textArray(distinct(arrivedTransactions.map((t) => t.endToEndId)))})
        or i.reference = any(${textArray(distinct(arrivedTransactions.flatMap((t) => messageTokens(t.message))))})
        or i.amount_minor = any(${sql.param(amounts)}::bigint[])`,
    );
    for (const item of quoted) items.set(item.id, item);
    // The payer's other invoices (fees, combined payments) only for payments that quote no invoice,
    // and only those due near the payment: a big customer's whole ledger is not a candidate.
    const unquoted = arrivedTransactions.filter(
      (t) =>
        !quoted.some(
          (item) =>
            (t.ocr !== null && item.ocr === t.ocr) ||
            (t.endToEndId !== null && item.endToEndId === t.endToEndId),
        ),
    );
    for (const t of unquoted) {
      if (t.counterpartyName === null) continue;
      const byName = await selectItems(
        tx,
        tenantId,
        sql`lower(i.counterparty_name) = ${t.counterpartyName.toLowerCase()}
          and i.due_date between ${t.bookingDate}::date - ${NAME_WINDOW_DAYS}::int and ${t.bookingDate}::date + ${NAME_WINDOW_DAYS}::int`,
      );
      for (const item of byName) items.set(item.id, item);
    }
  }

  const transactions = new Map(arrivedTransactions.map((t) => [t.id, t]));
  if (arrivedItems.length > 0) {
    const signed = distinct(
      arrivedItems.map((item) => (item.kind === 'receivable' ? item.openMinor : -item.openMinor).toString()),
    );
    const found = await selectTransactions(
      tx,
      tenantId,
      sql`t.ocr = any(${textArray(distinct(arrivedItems.map((i) => i.ocr)))})
        or t.end_to_end_id = any(${textArray(distinct(arrivedItems.map((i) => i.endToEndId)))})
        or t.amount_minor = any(${sql.param(signed)}::bigint[])
        or (lower(t.counterparty_name) = any(${textArray(lowerNames(arrivedItems.map((i) => i.counterpartyName)))})
          and t.booking_date >= ${earliestDue(arrivedItems)}::date - ${NAME_WINDOW_DAYS}::int)`,
      arrivals.rejected,
    );
    for (const t of found) transactions.set(t.id, t);
  }
  return {
    transactions: [...transactions.values()],
    items: [...items.values()],
    rejected: arrivals.rejected,
  };
}
