import { and, desc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { CURRENCY_MINOR_DIGITS } from '../../banking/currency';
import { parseIsoDate } from '../../banking/dates';
import { parseAmount } from '../../banking/money';
import {
  amountFilterCurrency,
  reconciliationState,
  type ListTransactionsQuery,
  type Transaction,
} from '../../contract/ledger';
import type { Database } from '../db/client';
import { bankAccounts, companies, koncerner, transactions } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireOwned, toPage, wireMoney, type Page } from './ledger-common';

const TRANSACTION_CURSOR = 'transactions';

/** Transactions are ordered newest first by (booking_date, seq); the cursor is that pair of the last row. */
const SEQ = /^[1-9][0-9]{0,18}$/;
const transactionKey = z.tuple([
  z.string().refine((value) => parseIsoDate(value).ok),
  // One refinement, not regex + refine: zod runs every check, and BigInt() throws on a non-integer.
  z.string().refine((value) => SEQ.test(value) && BigInt(value) <= 2n ** 63n - 1n),
]);

/**
 * `|amount| ⋛ bound` where the bound was read with two decimals (no currency filter): compared exactly,
 * in numeric, against each row's amount scaled by its own currency's minor digits.
 */
function compareTwoDecimalBound(op: '>=' | '<=', bound: bigint): SQL {
  const others = Object.entries(CURRENCY_MINOR_DIGITS).filter(([, digits]) => digits !== 2);
  const scale = sql.join(
    others.map(([code, digits]) => sql`when ${code} then ${String(10 ** digits)}::numeric`),
    sql` `,
  );
  const scaled = sql`(abs(${transactions.amountMinor})::numeric * 100)`;
  const limit = sql`(${bound.toString()}::numeric * (case ${transactions.currency} ${scale} else 100::numeric end))`;
  return op === '>=' ? sql`${scaled} >= ${limit}` : sql`${scaled} <= ${limit}`;
}

function amountCondition(
  op: '>=' | '<=',
  value: string | undefined,
  currency: string | undefined,
): SQL | null {
  if (value === undefined) return null;
  const parsed = parseAmount(value, amountFilterCurrency(currency));
  // The contract has already checked the amount against the currency; this cannot fail.
  if (!parsed.ok) throw new Error(parsed.error);
  if (currency === undefined) return compareTwoDecimalBound(op, parsed.value);
  const bound = sql`${parsed.value.toString()}::bigint`;
  return op === '>='
    ? sql`abs(${transactions.amountMinor}) >= ${bound}`
    : sql`abs(${transactions.amountMinor}) <= ${bound}`;
}

/** `%`, `_` and `\` stand for themselves in the free-text search. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type TransactionRow = typeof transactions.$inferSelect;

/** A transaction as the public API shows it: in lists, and as the data of `transaction.created` events. */
export function publicTransaction(
  row: Pick<
    TransactionRow,
    | 'id'
    | 'accountId'
    | 'bookingDate'
    | 'valueDate'
    | 'amountMinor'
    | 'currency'
    | 'counterpartyName'
    | 'counterpartyAccount'
    | 'ocr'
    | 'message'
    | 'bankReference'
    | 'endToEndId'
    | 'category'
    | 'intraGroup'
    | 'reconciliationState'
  >,
): Transaction {
  return {
    id: row.id,
    account_id: row.accountId,
    booking_date: row.bookingDate,
    value_date: row.valueDate,
    amount: wireMoney(row.amountMinor, row.currency),
    counterparty_name: row.counterpartyName,
    counterparty_account: row.counterpartyAccount,
    ocr: row.ocr,
    message: row.message,
    bank_reference: row.bankReference,
    end_to_end_id: row.endToEndId,
    category: row.category,
    intra_group: row.intraGroup,
    reconciliation_state: reconciliationState.parse(row.reconciliationState),
  };
}

export async function listTransactions(
  tx: Database,
  tenantId: string,
  query: ListTransactionsQuery,
): Promise<Page<Transaction>> {
  const after =
    query.cursor === undefined ? null : decodeCursor(TRANSACTION_CURSOR, transactionKey, query.cursor);
  await requireOwned(tx, bankAccounts, tenantId, query.account_id, 'account_id');
  await requireOwned(tx, companies, tenantId, query.company_id, 'company_id');
  await requireOwned(tx, koncerner, tenantId, query.koncern_id, 'koncern_id');

  const t = transactions;
  const conditions: (SQL | null | undefined)[] = [eq(t.tenantId, tenantId)];
  if (query.account_id !== undefined) conditions.push(eq(t.accountId, query.account_id));
  if (query.company_id !== undefined) {
    conditions.push(
      inArray(
        t.accountId,
        tx
          .select({ id: bankAccounts.id })
          .from(bankAccounts)
          .where(and(eq(bankAccounts.tenantId, tenantId), eq(bankAccounts.companyId, query.company_id))),
      ),
    );
  }
  if (query.koncern_id !== undefined) {
    conditions.push(
      inArray(
        t.accountId,
        tx
          .select({ id: bankAccounts.id })
          .from(bankAccounts)
          .innerJoin(
            companies,
            and(eq(companies.tenantId, bankAccounts.tenantId), eq(companies.id, bankAccounts.companyId)),
          )
          .where(and(eq(bankAccounts.tenantId, tenantId), eq(companies.koncernId, query.koncern_id))),
      ),
    );
  }
  if (query.booking_date_from !== undefined) conditions.push(gte(t.bookingDate, query.booking_date_from));
  if (query.booking_date_to !== undefined) conditions.push(lte(t.bookingDate, query.booking_date_to));
  conditions.push(amountCondition('>=', query.amount_min, query.currency));
  conditions.push(amountCondition('<=', query.amount_max, query.currency));
  if (query.currency !== undefined) conditions.push(eq(t.currency, query.currency));
  if (query.direction === 'in') conditions.push(sql`${t.amountMinor} > 0`);
  if (query.direction === 'out') conditions.push(sql`${t.amountMinor} < 0`);
  if (query.ocr !== undefined) conditions.push(eq(t.ocr, query.ocr));
  if (query.reference !== undefined) {
    conditions.push(or(eq(t.bankReference, query.reference), eq(t.endToEndId, query.reference)));
  }
  if (query.q !== undefined) {
    const pattern = containsPattern(query.q);
    conditions.push(or(sql`${t.counterpartyName} ilike ${pattern}`, sql`${t.message} ilike ${pattern}`));
  }
  if (query.reconciled === true) conditions.push(eq(t.reconciliationState, 'reconciled'));
  if (query.reconciled === false) conditions.push(ne(t.reconciliationState, 'reconciled'));
  if (query.reconciliation_state !== undefined)
    conditions.push(eq(t.reconciliationState, query.reconciliation_state));
  if (query.intra_group !== undefined) conditions.push(eq(t.intraGroup, query.intra_group));
  if (after !== null) {
    const [date, seq] = after;
    conditions.push(sql`(${t.bookingDate}, ${t.seq}) < (${date}::date, ${seq}::bigint)`);
  }

  const rows = await tx
    .select({
      id: t.id,
      seq: t.seq,
      accountId: t.accountId,
      bookingDate: t.bookingDate,
      valueDate: t.valueDate,
      amountMinor: t.amountMinor,
      currency: t.currency,
      counterpartyName: t.counterpartyName,
      counterpartyAccount: t.counterpartyAccount,
      ocr: t.ocr,
      message: t.message,
      bankReference: t.bankReference,
      endToEndId: t.endToEndId,
      category: t.category,
      intraGroup: t.intraGroup,
      reconciliationState: t.reconciliationState,
    })
    .from(t)
    .where(and(...conditions.filter((c): c is SQL => c !== null && c !== undefined)))
    .orderBy(desc(t.bookingDate), desc(t.seq))
    .limit(query.limit + 1);

  return toPage(rows, query.limit, publicTransaction, (row) =>
    encodeCursor(TRANSACTION_CURSOR, [row.bookingDate, row.seq.toString()]),
  );
}
