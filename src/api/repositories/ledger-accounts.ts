import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { accountKind, type Account, type Balance, type ListAccountsQuery } from '../../contract/ledger';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { bankAccounts, companies, koncerner } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { byteOrder, requireOwned, toPage, wireMoney, type Page } from './ledger-common';
import { nameIdKey } from './ledger-organisation';

const ACCOUNT_CURSOR = 'accounts';

const accountColumns = {
  id: bankAccounts.id,
  companyId: bankAccounts.companyId,
  koncernId: companies.koncernId,
  name: bankAccounts.name,
  bankName: bankAccounts.bankName,
  bic: bankAccounts.bic,
  iban: bankAccounts.iban,
  clearingNumber: bankAccounts.clearingNumber,
  accountNumber: bankAccounts.accountNumber,
  bankgiro: bankAccounts.bankgiro,
  currency: bankAccounts.currency,
  kind: bankAccounts.kind,
  cashPoolTopId: bankAccounts.cashPoolTopId,
  openedOn: bankAccounts.openedOn,
};

type AccountRow = Awaited<ReturnType<typeof selectAccounts>>[number];

interface LatestBalanceRow {
  account_id: string;
  balance_date: string;
  booked_minor: string;
  available_minor: string;
  source: string;
  as_of: string;
}

/**
 * The latest account_balances row (by business date) of each account: one backward step along the
 * primary key (account_id, balance_date) per account, whatever the number of days behind it. The
 * accounts were selected within the tenant (and row-level security holds every row to it).
 */
async function latestBalances(tx: Database, rows: readonly AccountRow[]): Promise<Map<string, Balance>> {
  if (rows.length === 0) return new Map();
  const currencyOf = new Map(rows.map((row) => [row.id, row.currency]));
  const balances = await selectRows<LatestBalanceRow>(
    tx,
    sql`select a.id as account_id, b.balance_date::text as balance_date, b.booked_minor::text as booked_minor,
          b.available_minor::text as available_minor, b.source,
          to_char(b.as_of at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as as_of
        from unnest(${sql.param(rows.map((row) => row.id))}::text[]) as a(id)
        cross join lateral (
          select ab.balance_date, ab.booked_minor, ab.available_minor, ab.source, ab.as_of
          from account_balances ab where ab.account_id = a.id
          order by ab.account_id desc, ab.balance_date desc limit 1
        ) b`,
  );
  const result = new Map<string, Balance>();
  for (const b of balances) {
    const currency = currencyOf.get(b.account_id) ?? '';
    result.set(b.account_id, {
      booked: wireMoney(BigInt(b.booked_minor), currency),
      available: wireMoney(BigInt(b.available_minor), currency),
      date: b.balance_date,
      as_of: b.as_of,
      source: b.source === 'bank' ? 'bank' : 'computed',
    });
  }
  return result;
}

function toAccount(row: AccountRow, balance: Balance | undefined): Account {
  return {
    id: row.id,
    company_id: row.companyId,
    koncern_id: row.koncernId,
    name: row.name,
    bank_name: row.bankName,
    bic: row.bic,
    iban: row.iban,
    clearing_number: row.clearingNumber,
    account_number: row.accountNumber,
    bankgiro: row.bankgiro,
    currency: row.currency,
    kind: accountKind.parse(row.kind),
    cash_pool_top_id: row.cashPoolTopId,
    opened_on: row.openedOn,
    balance: balance ?? null,
  };
}

function selectAccounts(tx: Database, conditions: SQL[]) {
  return tx
    .select(accountColumns)
    .from(bankAccounts)
    .innerJoin(
      companies,
      and(eq(companies.tenantId, bankAccounts.tenantId), eq(companies.id, bankAccounts.companyId)),
    )
    .where(and(...conditions));
}

export async function listAccounts(
  tx: Database,
  tenantId: string,
  query: ListAccountsQuery,
): Promise<Page<Account>> {
  const after = query.cursor === undefined ? null : decodeCursor(ACCOUNT_CURSOR, nameIdKey, query.cursor);
  await requireOwned(tx, companies, tenantId, query.company_id, 'company_id');
  await requireOwned(tx, koncerner, tenantId, query.koncern_id, 'koncern_id');
  await requireOwned(tx, bankAccounts, tenantId, query.cash_pool_top_id, 'cash_pool_top_id');

  const conditions: SQL[] = [eq(bankAccounts.tenantId, tenantId)];
  if (query.company_id !== undefined) conditions.push(eq(bankAccounts.companyId, query.company_id));
  if (query.koncern_id !== undefined) conditions.push(eq(companies.koncernId, query.koncern_id));
  if (query.bank !== undefined) {
    conditions.push(
      or(
        sql`lower(${bankAccounts.bankName}) = lower(${query.bank})`,
        eq(bankAccounts.bic, query.bank.toUpperCase()),
      ) ?? sql`false`,
    );
  }
  if (query.currency !== undefined) conditions.push(eq(bankAccounts.currency, query.currency));
  if (query.kind !== undefined) conditions.push(eq(bankAccounts.kind, query.kind));
  if (query.cash_pool_top_id !== undefined) {
    conditions.push(
      or(
        eq(bankAccounts.id, query.cash_pool_top_id),
        eq(bankAccounts.cashPoolTopId, query.cash_pool_top_id),
      ) ?? sql`false`,
    );
  }
  if (after !== null) {
    const [name, id] = after;
    conditions.push(sql`(${byteOrder(bankAccounts.name)}, ${byteOrder(bankAccounts.id)}) > (${name}, ${id})`);
  }
  const rows = await selectAccounts(tx, conditions)
    .orderBy(byteOrder(bankAccounts.name), byteOrder(bankAccounts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const balances = await latestBalances(tx, page);
  return toPage(
    rows,
    query.limit,
    (row) => toAccount(row, balances.get(row.id)),
    (row) => encodeCursor(ACCOUNT_CURSOR, [row.name, row.id]),
  );
}

/** One account of the tenant with its latest balance; null when it does not exist or is another tenant's. */
export async function findAccount(tx: Database, tenantId: string, id: string): Promise<Account | null> {
  const [row] = await selectAccounts(tx, [
    eq(bankAccounts.tenantId, tenantId),
    eq(bankAccounts.id, id),
  ]).limit(1);
  if (!row) return null;
  const balances = await latestBalances(tx, [row]);
  return toAccount(row, balances.get(row.id));
}
