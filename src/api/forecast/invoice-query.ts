import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import type { KoncernHistory } from './history-query';
import { InvoiceColumns, InvoiceHistory } from './invoice-history';

/**
 * The koncern's open items and those settled since the history's first day, each with the day it became
 * known (its issue date, else the day it was recorded) and the day it was paid: for invoice history
 * brought in already paid, its `paid_on`; for items settled by confirmed matches, the matches' latest
 * booking day.
 *
 * A large koncern holds a million invoices, so the query is shaped for that:
 * - they come as one string (items split by '\n', fields by ','), built by one plain aggregate: no sort
 *   and no grouping of a million rows, which cost seconds in the database (text sorts by collation);
 * - the join with the matches touches only the items the matches settled (by primary key), and the
 *   items are never the hashed side of a join, whatever the planner guesses (PGlite has no statistics);
 * - the counterparty's name is sent after its length in bytes, so no name can break the format;
 * - the string is read in place, without splitting it into ten million small strings.
 */
export async function loadInvoices(
  tx: Database,
  tenantId: string,
  koncernId: string,
  history: KoncernHistory,
): Promise<InvoiceHistory> {
  // PostgreSQL would JIT-compile this plain aggregate for its row count; there is nothing for it to gain.
  await tx.execute(sql`select set_config('jit', 'off', true)`);
  const [row] = await selectRows<{ companies: string | null; count: number; items: string | null }>(
    tx,
    sql`with koncern as materialized (
          select c.id, (row_number() over (order by c.id collate "C") - 1)::int as place
          from companies c where c.tenant_id = ${tenantId} and c.koncern_id = ${koncernId}
        ), paid as materialized (
          select mi.open_item_id, max(m.booking_date) as paid_date
          from reconciliation_match_items mi
          join reconciliation_matches m on m.id = mi.match_id
          where mi.tenant_id = ${tenantId} and m.tenant_id = ${tenantId} and m.status = 'confirmed'
          group by mi.open_item_id
        ), kept as (
          select oi.company_id, oi.currency, oi.kind, oi.issue_date, oi.created_at, oi.due_date, oi.status,
            oi.paid_on as paid_date, oi.amount_minor, oi.settled_minor, oi.payment_line_id, oi.counterparty_name, oi.id
          from open_items oi
          where oi.tenant_id = ${tenantId}
            and ((oi.status = 'open' and oi.amount_minor > oi.settled_minor)
              or (oi.status = 'settled' and oi.paid_on >= ${history.from}::date))
          union all
          select oi.company_id, oi.currency, oi.kind, oi.issue_date, oi.created_at, oi.due_date, oi.status,
            paid.paid_date, oi.amount_minor, oi.settled_minor, oi.payment_line_id, oi.counterparty_name, oi.id
          from paid join open_items oi on oi.id = paid.open_item_id
          where oi.tenant_id = ${tenantId} and oi.status = 'settled' and oi.paid_on is null
            and paid.paid_date >= ${history.from}::date
        )
        select (select string_agg(id, ',' order by place) from koncern) as companies, count(*)::int as count,
          string_agg(concat_ws(',',
            c.place,
            k.currency,
            case when k.kind = 'receivable' then 'r' else 'p' end,
            coalesce(k.issue_date, (k.created_at at time zone 'Europe/Stockholm')::date) - date '1970-01-01',
            k.due_date - date '1970-01-01',
            case when k.status = 'settled' then k.paid_date - date '1970-01-01' else -1 end,
            case when k.status = 'settled' then k.amount_minor else k.amount_minor - k.settled_minor end,
            case when k.payment_line_id is not null and exists (
                select 1 from payment_lines l join payment_batches b on b.id = l.batch_id
                where l.id = k.payment_line_id and b.tenant_id = ${tenantId}
                  and b.status in ('approved', 'sent_to_bank', 'accepted', 'executed')) then 1 else 0 end,
            octet_length(k.counterparty_name), k.counterparty_name,
            case when k.status = 'open' then k.id else '' end), chr(10)) as items
        from kept k join koncern c on c.id = k.company_id`,
  );
  const companies = row?.companies?.split(',') ?? [];
  const accountFor = receivingAccounts(history);
  const accounts = history.accounts.map((a) => a.id);
  const accountIndex = new Map(accounts.map((id, i) => [id, i]));
  const currencies: string[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  /** Per company place, currency and kind: the account index, or -1 where the company has none. */
  const accountOf = new Map<number, number>();
  const columns = new InvoiceColumns(row?.count ?? 0);
  const reader = new ItemReader(row?.items ?? '');
  while (!reader.done()) {
    const place = reader.int();
    const currencyCode = reader.word();
    const receivable = reader.word() === 'r';
    let currency = currencies.indexOf(currencyCode);
    if (currency < 0) currency = currencies.push(currencyCode) - 1;
    const key = (place * 256 + currency) * 2 + (receivable ? 1 : 0);
    let account = accountOf.get(key);
    if (account === undefined) {
      const accountId = accountFor(companies[place] ?? '', currencyCode, receivable);
      account = accountId === null ? -1 : (accountIndex.get(accountId) ?? -1);
      accountOf.set(key, account);
    }
    const i = columns.count;
    columns.knownSince[i] = reader.int();
    columns.due[i] = reader.int();
    columns.paid[i] = reader.int();
    columns.amountMinor[i] = reader.bigint();
    columns.inPaymentBatch[i] = reader.int();
    const name = reader.counted();
    const reference = reader.rest();
    if (account < 0) continue;
    let nameAt = nameIndex.get(name);
    if (nameAt === undefined) {
      nameAt = names.push(name) - 1;
      nameIndex.set(name, nameAt);
    }
    columns.receivable[i] = receivable ? 1 : 0;
    columns.account[i] = account;
    columns.currency[i] = currency;
    columns.name[i] = nameAt;
    columns.references.push(reference || null);
    columns.count++;
  }
  return new InvoiceHistory(columns, accounts, currencies, names);
}

const MINUS = 45;
/** Digits a double holds exactly (2^53 has 16). */
const SAFE_DIGITS = 15;

/** Reads the invoice query's string field by field, each read taking its separator too. */
export class ItemReader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** A whole number (possibly negative) up to the next separator. */
  int(): number {
    const { text } = this;
    let i = this.at;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    let value = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i))
      value = value * 10 + c - 48;
    this.at = i + 1;
    return negative ? -value : value;
  }

  /** A whole number of any size, exactly. */
  bigint(): bigint {
    const start = this.at;
    const value = this.int();
    const digits = this.at - 1 - start - (value < 0 ? 1 : 0);
    return digits > SAFE_DIGITS ? BigInt(this.text.slice(start, this.at - 1)) : BigInt(value);
  }

  /** Text without separators, up to the next ','. */
  word(): string {
    return this.until(',');
  }

  /** Text sent as its length in UTF-8 bytes (cheaper for the database to tell than characters), a separator, the text, and a separator. */
  counted(): string {
    const bytes = this.int();
    const { text } = this;
    let i = this.at;
    for (let n = 0; n < bytes; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    const value = text.slice(this.at, i);
    this.at = i + 1;
    return value;
  }

  /** The rest of the item, up to the next '\n'. */
  rest(): string {
    return this.until('\n');
  }

  private until(separator: string): string {
    const end = this.text.indexOf(separator, this.at);
    const stop = end < 0 ? this.text.length : end;
    const value = this.text.slice(this.at, stop);
    this.at = stop + 1;
    return value;
  }
}

/**
 * Where a company's open item will be paid: of its accounts in the item's currency (else any of its
 * accounts), the one that received (for receivables) or paid (for payables) the most in the history.
 */
function receivingAccounts(
  history: KoncernHistory,
): (companyId: string, currency: string, receivable: boolean) => string | null {
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
