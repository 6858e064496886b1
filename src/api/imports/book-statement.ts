import type { AccountReport, StatementEntry, StatementMessage } from '../../banking/statements/model';
import type { Database } from '../db/client';
import { transactions } from '../db/schema';
import { newId } from '../ids';
import { publicTransaction } from '../repositories/ledger-transactions';
import { reconcileArrivals } from '../reconciliation/engine';
import { recordEvent } from '../webhooks/events';
import { koncernAccountNumbers, type BookingAccount } from './accounts';
import { bankBalancesByDate, moveBalances, setBankBalance } from './balances';

export interface BookingResult {
  /** The transactions this booking created, in file order (duplicates are not among them). */
  transactionIds: string[];
  entriesBooked: number;
  duplicatesSkipped: number;
  entriesNotBooked: number;
  balancesBooked: number;
}

type NewTransaction = typeof transactions.$inferInsert;

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters at 15 columns a row. */
const CHUNK = 500;

/**
 * The bank's reference of an entry: its AcctSvcrRef, which banks keep unique per account; without
 * one, the statement id and the entry's place in it, which are the same each time the same
 * statement is sent.
 */
function entryReference(report: AccountReport, entry: StatementEntry, position: number): string {
  return entry.accountServicerReference ?? `${report.id}#${position}`;
}

/**
 * One booked entry as transactions: a batch whose transactions carry amounts that add up to the
 * entry becomes one transaction per payment (each with its own end-to-end id and reference, which
 * is what reconciliation needs); anything else is one transaction for the entry.
 */
function transactionsOf(
  tenantId: string,
  account: BookingAccount,
  group: ReadonlySet<string>,
  report: AccountReport,
  entry: StatementEntry,
  position: number,
): NewTransaction[] {
  const reference = entryReference(report, entry, position);
  const bookingDate = entry.bookingDate ?? entry.valueDate;
  if (bookingDate === null) return [];
  const base = {
    tenantId,
    accountId: account.id,
    bookingDate,
    valueDate: entry.valueDate ?? bookingDate,
    currency: entry.currency,
  };
  const { details } = entry;
  const splittable =
    details.length > 1 &&
    details.every((d) => d.amountMinor !== null && d.currency === entry.currency) &&
    details.reduce((total, d) => total + (d.amountMinor ?? 0n), 0n) === entry.amountMinor;
  const intraGroup = (counterpartyAccount: string | null) =>
    counterpartyAccount !== null && group.has(counterpartyAccount);
  if (splittable) {
    return details.map((detail, index) => ({
      ...base,
      id: newId('transaction'),
      amountMinor: detail.amountMinor ?? 0n,
      counterpartyName: detail.counterpartyName,
      counterpartyAccount: detail.counterpartyAccount,
      intraGroup: intraGroup(detail.counterpartyAccount),
      ocr: detail.creditorReference,
      message: detail.message,
      bankReference: `${reference}/${index + 1}`,
      endToEndId: detail.endToEndId,
    }));
  }
  const only = details.length === 1 ? details[0] : undefined;
  return [
    {
      ...base,
      id: newId('transaction'),
      amountMinor: entry.amountMinor,
      counterpartyName: only?.counterpartyName ?? null,
      counterpartyAccount: only?.counterpartyAccount ?? null,
      intraGroup: intraGroup(only?.counterpartyAccount ?? null),
      ocr: only?.creditorReference ?? null,
      message: only?.message ?? (details.length > 1 ? `${details.length} transactions` : null),
      bankReference: reference,
      endToEndId: only?.endToEndId ?? null,
    },
  ];
}

/**
 * Books a parsed statement message on the accounts resolved for its reports (one per report, in
 * order), inside the caller's transaction: its booked entries become transactions (an entry booked
 * before, same account and bank reference, is skipped and counted), each with a
 * `transaction.created` event, and a transfer to or from another account of the same koncern marked
 * intra-group; the balances move with the new transactions; and the bank's own
 * balances become the accounts' booked balances on their dates.
 */
export async function bookStatement(
  tx: Database,
  tenantId: string,
  message: StatementMessage,
  accounts: readonly BookingAccount[],
): Promise<BookingResult> {
  const result: BookingResult = {
    transactionIds: [],
    entriesBooked: 0,
    duplicatesSkipped: 0,
    entriesNotBooked: 0,
    balancesBooked: 0,
  };
  for (const [index, report] of message.reports.entries()) {
    const account = accounts[index];
    if (!account) throw new Error(`no account was resolved for statement ${report.id}`);
    const group = await koncernAccountNumbers(tx, tenantId, account.id);
    const rows: NewTransaction[] = [];
    report.entries.forEach((entry, position) => {
      if (entry.status !== 'booked') result.entriesNotBooked += 1;
      else rows.push(...transactionsOf(tenantId, account, group, report, entry, position + 1));
    });

    const movedByDate = new Map<string, bigint>();
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const inserted = await tx.insert(transactions).values(chunk).onConflictDoNothing().returning();
      result.duplicatesSkipped += chunk.length - inserted.length;
      for (const row of inserted) {
        result.transactionIds.push(row.id);
        movedByDate.set(row.bookingDate, (movedByDate.get(row.bookingDate) ?? 0n) + row.amountMinor);
        await recordEvent(tx, tenantId, 'transaction.created', publicTransaction(row));
      }
      result.entriesBooked += inserted.length;
    }
    for (const [date, amount] of movedByDate) await moveBalances(tx, tenantId, account.id, date, amount);
    for (const balance of bankBalancesByDate(report.balances)) {
      await setBankBalance(tx, tenantId, account.id, balance);
      result.balancesBooked += 1;
    }
  }
  // The reconciliation engine matches what arrived in the same transaction as the booking.
  await reconcileArrivals(tx, tenantId, { transactionIds: result.transactionIds });
  return result;
}
