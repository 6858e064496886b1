import { sql, type SQL } from 'drizzle-orm';
import { toEpochDay, type IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import type { KoncernHistory } from './history-query';
import { InvoiceColumns, InvoiceHistory } from './invoice-history';
import { InvoiceRecords } from './invoice-records';
import { keptInvoiceHistory } from './kept-invoice-history';
import type { SettledInvoiceCache } from './settled-invoices';

/** `InvoiceRecords.paid` of an open item. */
const OPEN = -1;

/*
 * The koncern's invoices: its open items, and those settled since the history's first day, each with the day
 * it became known (its issue date, else the day it was recorded) and the day it was paid: for invoice history
 * brought in already paid, its `paid_on`; for items settled by confirmed matches, the matches' latest booking
 * day.
 *
 * A large koncern holds a million invoices, so the queries are shaped for that:
 * - the settled ones are history and are kept between requests (settled-invoices.ts): a request reads the
 *   open items and only the items settled since it last read;
 * - the rows come as one string (invoice-records.ts), built by one plain aggregate: no sort and no grouping of
 *   a million rows, which cost seconds in the database (text sorts by collation);
 * - the join with the matches touches only the items the matches settled (by primary key), and the items are
 *   never the hashed side of a join, whatever the planner guesses (PGlite has no statistics);
 * - the counterparty's name is sent after its length in bytes, so no name can break the format.
 */

/** Invoices read by one statement, and that statement's snapshot. */
export interface InvoiceRead {
  records: InvoiceRecords;
  /** `pg_current_snapshot()` as text: what the statement saw. */
  snapshot: string;
  /** Whether the reading transaction has written anything itself (what it saw is not yet everyone's). */
  ownWrites: boolean;
}

/** The tenant's companies, each with its place in the records' company list. */
function companyPlaces(tenantId: string): SQL {
  return sql`select c.id, (row_number() over (order by c.id collate "C") - 1)::int as place
    from companies c where c.tenant_id = ${tenantId}`;
}

/**
 * How many of the rows `k` (columns company_id, currency, kind, known_on, due_date, paid_date, amount_minor,
 * batch_id, counterparty_name, reference) joined with `company` (companyPlaces) there are, and the rows as
 * `InvoiceRecords.read` reads them.
 */
const countAndItems = sql`count(*)::int as count,
  string_agg(concat_ws(',',
    c.place,
    k.currency,
    case when k.kind = 'receivable' then 'r' else 'p' end,
    k.known_on - date '1970-01-01',
    k.due_date - date '1970-01-01',
    coalesce(k.paid_date - date '1970-01-01', -1),
    k.amount_minor,
    coalesce(k.batch_id, ''),
    octet_length(k.counterparty_name), k.counterparty_name,
    coalesce(k.reference, '')), chr(10)) as items`;

/** The statement's snapshot, and whether its transaction has written (`InvoiceRead`). */
const snapshotAndOwnWrites = sql`pg_current_snapshot()::text as snapshot,
  pg_current_xact_id_if_assigned() is not null as own_writes`;

/**
 * `rows` (the columns of `countAndItems`) as `InvoiceRecords`, with the tenant's companies as the records'
 * company list.
 */
async function readInvoices(tx: Database, tenantId: string, rows: SQL): Promise<InvoiceRead> {
  const [row] = await selectRows<{
    companies: string | null;
    count: number;
    snapshot: string;
    own_writes: boolean;
    items: string | null;
  }>(
    tx,
    sql`with company as materialized (${companyPlaces(tenantId)}), k as (${rows})
        select (select string_agg(id, ',' order by place) from company) as companies, ${snapshotAndOwnWrites},
          ${countAndItems}
        from k join company c on c.id = k.company_id`,
  );
  const companies = row?.companies?.split(',') ?? [];
  return {
    records: InvoiceRecords.read(companies, row?.count ?? 0, row?.items ?? ''),
    snapshot: row?.snapshot ?? '',
    ownWrites: row?.own_writes ?? false,
  };
}

const knownOn = sql`coalesce(oi.issue_date, (oi.created_at at time zone 'Europe/Stockholm')::date)`;

function batchOf(tenantId: string) {
  return sql`case when oi.payment_line_id is not null then (
      select l.batch_id from payment_lines l where l.id = oi.payment_line_id and l.tenant_id = ${tenantId}) end`;
}

/** The tenant's open items, with what is still open of each. */
function readOpenInvoices(tx: Database, tenantId: string): Promise<InvoiceRead> {
  return readInvoices(
    tx,
    tenantId,
    sql`select oi.company_id, oi.currency, oi.kind, ${knownOn} as known_on, oi.due_date, null::date as paid_date,
          oi.amount_minor - oi.settled_minor as amount_minor, ${batchOf(tenantId)} as batch_id,
          oi.counterparty_name, oi.id as reference
        from open_items oi
        where oi.tenant_id = ${tenantId} and oi.status = 'open' and oi.amount_minor > oi.settled_minor`,
  );
}

/** The tenant's items settled on or after `from` with a paid day of their own (invoice history brought in paid). */
function paidItems(tenantId: string, from: IsoDate, where: SQL = sql`true`): SQL {
  return sql`select oi.company_id, oi.currency, oi.kind, ${knownOn} as known_on, oi.due_date, oi.paid_on as paid_date,
      oi.amount_minor, ${batchOf(tenantId)} as batch_id, oi.counterparty_name, null as reference
    from open_items oi
    where oi.tenant_id = ${tenantId} and oi.status = 'settled' and oi.paid_on >= ${from}::date and ${where}`;
}

/** The tenant's items settled by confirmed matches on or after `from`, paid on the matches' latest booking day. */
function itemsPaidByMatches(tenantId: string, from: IsoDate): SQL {
  return sql`with paid as materialized (
      select mi.open_item_id, max(m.booking_date) as paid_date
      from reconciliation_match_items mi
      join reconciliation_matches m on m.id = mi.match_id
      where mi.tenant_id = ${tenantId} and m.tenant_id = ${tenantId} and m.status = 'confirmed'
      group by mi.open_item_id
    )
    select oi.company_id, oi.currency, oi.kind, ${knownOn} as known_on, oi.due_date, paid.paid_date,
      oi.amount_minor, ${batchOf(tenantId)} as batch_id, oi.counterparty_name, null as reference
    from paid join open_items oi on oi.id = paid.open_item_id
    where oi.tenant_id = ${tenantId} and oi.status = 'settled' and oi.paid_on is null
      and paid.paid_date >= ${from}::date`;
}

/**
 * The tenant's items settled on or after `from`. Where the planner would read all of `open_items` for them
 * (a koncern holding most of the table: a million invoices), they are read in ranges of the table's blocks
 * instead, as one cursor: this process parses one range while the database reads the next, and what the
 * ranges cost the database is what the one scan would have. Otherwise (an index finds them) in one statement.
 */
export async function readSettledInvoices(
  tx: Database,
  tenantId: string,
  from: IsoDate,
): Promise<InvoiceRead> {
  const plan = await planSettledRead(tx, tenantId, from);
  if (plan.inBlockRanges) {
    return readSettledInvoicesInBlockRanges(tx, tenantId, from, BLOCKS_PER_RANGE, plan.expectedRows);
  }
  return readInvoices(
    tx,
    tenantId,
    sql`(${paidItems(tenantId, from)}) union all (${itemsPaidByMatches(tenantId, from)})`,
  );
}

/** Blocks of `open_items` per range of a read in ranges: some 30,000 items, a few tens of milliseconds each. */
const BLOCKS_PER_RANGE = 1000;
/** Past the last block there can be: the end of the last range, which holds whatever the table grew by. */
const PAST_ANY_BLOCK = sql`'(4294967295,0)'::tid`;

/**
 * `readSettledInvoices` in ranges of `blocksPerRange` of the table's blocks, one cursor (so one snapshot) whose
 * rows are: the companies with the snapshot, then each range's items, then the items paid by matches. The next
 * row is asked for before this one is parsed, so the database reads it meanwhile. `expected` sizes the columns.
 */
export async function readSettledInvoicesInBlockRanges(
  tx: Database,
  tenantId: string,
  from: IsoDate,
  blocksPerRange: number,
  expected = 0,
): Promise<InvoiceRead> {
  // The ranges are a materialized list, so each range's bounds reach the scan as plain values: the row-level
  // security policy lets only leakproof conditions (the tid comparisons are) choose the rows a scan reads.
  await tx.execute(sql`declare settled_invoices no scroll cursor for
    with company as materialized (${companyPlaces(tenantId)}),
    ranges as materialized (
      select n, format('(%s,0)', n * ${blocksPerRange}::bigint)::tid as lo,
        case when n = last then ${PAST_ANY_BLOCK}
          else format('(%s,0)', (n + 1) * ${blocksPerRange}::bigint)::tid end as hi
      from (select (pg_relation_size('open_items') / current_setting('block_size')::bigint
              / ${blocksPerRange}::bigint)::int as last) size
        cross join generate_series(0, size.last) n
    )
    select (select string_agg(id, ',' order by place) from company) as companies, ${snapshotAndOwnWrites},
      0 as count, null as items
    union all
    select null, null, null, part.count, part.items
    from ranges r cross join lateral (
      select ${countAndItems}
      from (${paidItems(tenantId, from, sql`oi.ctid >= r.lo and oi.ctid < r.hi`)}) k
        join company c on c.id = k.company_id
    ) part
    union all
    select null, null, null, part.count, part.items
    from (
      select ${countAndItems}
      from (${itemsPaidByMatches(tenantId, from)}) k join company c on c.id = k.company_id
    ) part`);
  type Row = {
    companies: string | null;
    snapshot: string;
    own_writes: boolean;
    count: number;
    items: string | null;
  };
  const fetchRow = () => selectRows<Row>(tx, sql`fetch 1 from settled_invoices`);
  const [header] = await fetchRow();
  const records = new InvoiceRecords(header?.companies?.split(',') ?? [], expected);
  let next = fetchRow();
  try {
    for (let [row] = await next; row; [row] = await next) {
      next = fetchRow();
      // Drizzle sends a query when it is awaited; a turn of the event loop gets the fetch out before the parse.
      await new Promise((resolve) => setImmediate(resolve));
      if (row.count > 0) records.readMore(row.count, row.items ?? '');
    }
  } finally {
    // A parse that failed leaves a fetch under way: it settles before the error goes on.
    await next.catch(() => undefined);
  }
  await tx.execute(sql`close settled_invoices`);
  return {
    records: records.finish(),
    snapshot: header?.snapshot ?? '',
    ownWrites: header?.own_writes ?? false,
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/**
 * How `readSettledInvoices` reads: in block ranges where the planner would read the whole of `open_items` for
 * the tenant's settled items, with the number of them it expects.
 */
export async function planSettledRead(
  tx: Database,
  tenantId: string,
  from: IsoDate,
): Promise<{ inBlockRanges: boolean; expectedRows: number }> {
  const [row] = await selectRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    tx,
    sql`explain (format json) ${paidItems(tenantId, from)}`,
  );
  let inBlockRanges = false;
  let expectedRows = 0;
  const visit = (node: PlanNode) => {
    if (node['Relation Name'] === 'open_items') {
      expectedRows += node['Plan Rows'];
      if (node['Node Type'] === 'Seq Scan') inBlockRanges = true;
    }
    node.Plans?.forEach(visit);
  };
  const plan = row?.['QUERY PLAN'][0]?.Plan;
  if (plan) visit(plan);
  return { inBlockRanges, expectedRows };
}

/**
 * The tenant's items settled on or after `from` by transactions `snapshot` did not see: committed since, or
 * running then and committed since (the settling transaction stamps each item, migration 0021).
 */
export function readInvoicesSettledSince(
  tx: Database,
  tenantId: string,
  from: IsoDate,
  snapshot: string,
): Promise<InvoiceRead> {
  return readInvoices(
    tx,
    tenantId,
    sql`select * from (
          select oi.company_id, oi.currency, oi.kind, ${knownOn} as known_on, oi.due_date,
            coalesce(oi.paid_on, (
              select max(m.booking_date) from reconciliation_match_items mi
              join reconciliation_matches m on m.id = mi.match_id
              where mi.open_item_id = oi.id and mi.tenant_id = ${tenantId} and m.tenant_id = ${tenantId}
                and m.status = 'confirmed')) as paid_date,
            oi.amount_minor, ${batchOf(tenantId)} as batch_id, oi.counterparty_name, null as reference
          from open_items oi
          where oi.tenant_id = ${tenantId} and oi.status = 'settled'
            and oi.settled_xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
            and not pg_visible_in_snapshot(oi.settled_xid, ${snapshot}::pg_snapshot)
        ) settled where settled.paid_date >= ${from}::date`,
  );
}

/** Of these payment batches, those whose lines are known flows of their own (approved, not yet failed). */
async function batchesCountedOn(
  tx: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`select b.id from payment_batches b
        where b.tenant_id = ${tenantId} and b.id = any(${sql.param(ids)}::text[])
          and b.status in ('approved', 'sent_to_bank', 'accepted', 'executed')`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * The koncern's open items and those settled since the history's first day. With `settled`, the settled
 * ones come from what it keeps; without, they are read.
 */
export async function loadInvoices(
  tx: Database,
  tenantId: string,
  history: KoncernHistory,
  settled?: SettledInvoiceCache,
): Promise<InvoiceHistory> {
  // PostgreSQL would JIT-compile the reads' plain aggregates for their row counts; there is nothing to gain.
  await tx.execute(sql`select set_config('jit', 'off', true)`);
  // Settled before open, each read with a snapshot of its own: an item settled in between is in neither for
  // this load (it was paid, so it is no known flow; the next load has it settled), never in both.
  const settledParts = settled
    ? await settled.load(tx, tenantId, history.from)
    : [(await readSettledInvoices(tx, tenantId, history.from)).records];
  const open = (await readOpenInvoices(tx, tenantId)).records;
  const parts = [...settledParts, open];
  const batches = await batchesCountedOn(tx, tenantId, [...new Set(parts.flatMap((p) => p.batches))]);
  const accountFor = receivingAccounts(history);
  if (!settled) return koncernInvoices(parts, history, batches, accountFor);
  return keptInvoiceHistory(settledParts, open, invoiceInputs(parts, history, batches, accountFor), () =>
    koncernInvoices(parts, history, batches, accountFor),
  );
}

/**
 * What `koncernInvoices` builds from besides the records, as one string: the history's first day, its accounts,
 * the account each company's items of each currency and kind are paid on, and the payment batches that count.
 */
function invoiceInputs(
  parts: readonly InvoiceRecords[],
  history: KoncernHistory,
  batchesCounted: ReadonlySet<string>,
  accountFor: AccountFor,
): string {
  const paidOn = new Map<string, string | null>();
  for (const part of parts) {
    for (const company of part.companies) {
      for (const currency of part.currencies) {
        for (const receivable of [true, false]) {
          const key = `${company} ${currency} ${receivable ? 'r' : 'p'}`;
          if (!paidOn.has(key)) paidOn.set(key, accountFor(company, currency, receivable));
        }
      }
    }
  }
  return [
    history.from,
    history.accounts.map((a) => a.id).join(','),
    [...paidOn]
      .map(([key, account]) => `${key} ${account}`)
      .sort()
      .join(','),
    [...batchesCounted].sort().join(','),
  ].join('\n');
}

/**
 * The records of the koncern's companies as the forecast's `InvoiceHistory`: each on the account it will be
 * paid to or from, settled ones only where paid on or after the history's first day.
 */
function koncernInvoices(
  parts: readonly InvoiceRecords[],
  history: KoncernHistory,
  batchesCounted: ReadonlySet<string>,
  accountFor: AccountFor,
): InvoiceHistory {
  const from = toEpochDay(history.from);
  const accounts = history.accounts.map((a) => a.id);
  const accountIndex = new Map(accounts.map((id, i) => [id, i]));
  const currencies: string[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const columns = new InvoiceColumns(parts.reduce((n, p) => n + p.count, 0));
  for (const part of parts) {
    const currency = part.currencies.map((code) => {
      const at = currencies.indexOf(code);
      return at < 0 ? currencies.push(code) - 1 : at;
    });
    const name = new Int32Array(part.names.length).fill(-1);
    const inBatch = part.batches.map((b) => (batchesCounted.has(b) ? 1 : 0));
    // Amounts copied as 32-bit halves: reading a BigInt64Array makes a BigInt of every value.
    const amountFrom = new Int32Array(part.amountMinor.buffer, part.amountMinor.byteOffset, 2 * part.count);
    const amountTo = new Int32Array(columns.amountMinor.buffer);
    /** Per company, currency and kind: the account index, -1 where the koncern has no account for it, -2 unknown yet. */
    const accountOf = new Int32Array(part.companies.length * part.currencies.length * 2).fill(-2);
    const hasReferences = part.references.size > 0;
    for (let i = 0; i < part.count; i++) {
      const paid = part.paid[i] ?? OPEN;
      if (paid !== OPEN && paid < from) continue;
      const company = part.company[i] ?? 0;
      const currencyAt = part.currency[i] ?? 0;
      const receivable = part.receivable[i] ?? 0;
      const key = (company * part.currencies.length + currencyAt) * 2 + receivable;
      let account = accountOf[key] ?? -2;
      if (account === -2) {
        const accountId = accountFor(
          part.companies[company] ?? '',
          part.currencies[currencyAt] ?? '',
          receivable === 1,
        );
        account = accountId === null ? -1 : (accountIndex.get(accountId) ?? -1);
        accountOf[key] = account;
      }
      if (account < 0) continue;
      const nameAt = part.name[i] ?? 0;
      let to = name[nameAt] ?? -1;
      if (to < 0) {
        const text = part.names[nameAt] ?? '';
        to = nameIndex.get(text) ?? names.push(text) - 1;
        nameIndex.set(text, to);
        name[nameAt] = to;
      }
      const row = columns.count++;
      columns.receivable[row] = receivable;
      columns.account[row] = account;
      columns.currency[row] = currency[currencyAt] ?? 0;
      columns.name[row] = to;
      columns.knownSince[row] = part.knownSince[i] ?? 0;
      columns.due[row] = part.due[i] ?? 0;
      columns.paid[row] = paid;
      amountTo[2 * row] = amountFrom[2 * i] ?? 0;
      amountTo[2 * row + 1] = amountFrom[2 * i + 1] ?? 0;
      columns.amount[row] = part.amount[i] ?? 0;
      const batch = part.batch[i] ?? -1;
      columns.inPaymentBatch[row] = batch < 0 ? 0 : (inBatch[batch] ?? 0);
      const reference = hasReferences ? part.references.get(i) : undefined;
      if (reference !== undefined) columns.references.set(row, reference);
    }
  }
  return new InvoiceHistory(columns, accounts, currencies, names);
}

/**
 * Where a company's open item will be paid: of its accounts in the item's currency (else any of its
 * accounts), the one that received (for receivables) or paid (for payables) the most in the history.
 */
type AccountFor = (companyId: string, currency: string, receivable: boolean) => string | null;

function receivingAccounts(history: KoncernHistory): AccountFor {
  const volume = new Map<string, { inflow: bigint; outflow: bigint }>();
  for (const [accountId, days] of history.flows) {
    const total = { inflow: 0n, outflow: 0n };
    for (const f of days.values()) {
      total.inflow += f.inflow;
      total.outflow -= f.outflow;
    }
    volume.set(accountId, total);
  }
  return (companyId, currency, receivable) => {
    const own = history.accounts.filter((a) => a.companyId === companyId);
    const candidates = own.some((a) => a.currency === currency)
      ? own.filter((a) => a.currency === currency)
      : own;
    let best: { id: string; amount: bigint } | null = null;
    for (const a of candidates) {
      const v = volume.get(a.id);
      const amount = v ? (receivable ? v.inflow : v.outflow) : 0n;
      if (!best || amount > best.amount) best = { id: a.id, amount };
    }
    return best?.id ?? null;
  };
}
