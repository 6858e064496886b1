import type { Currency } from '../currency';
import type { IsoDate } from '../dates';

/**
 * What a bank file says, in one shape for every format (camt.053, camt.054, BGMax): the account
 * reports of one message, each with its balances and entries. Amounts are signed minor units
 * (positive is money in), dates are business dates as the bank wrote them.
 */
export type StatementFormat = 'camt.053' | 'camt.054' | 'bgmax';

export interface StatementMessage {
  format: StatementFormat;
  /** The schema version, e.g. `camt.053.001.08`, or `BGMAX 01`. */
  version: string;
  /** The bank's message id (GrpHdr/MsgId; for BGMax the file's timestamp). */
  messageId: string;
  /** When the bank created the message, as written (RFC 3339 or BGMax's local timestamp). */
  createdAt: string;
  reports: AccountReport[];
}

/** Which account a report is about, as the file names it. */
export interface ReportedAccount {
  iban: string | null;
  /** Another account identifier (Othr/Id), e.g. a domestic account number. */
  otherId: string | null;
  /** The receiving bankgiro number (BGMax), digits only. */
  bankgiro: string | null;
  currency: Currency | null;
}

/** One account's statement (camt.053 Stmt), notification (camt.054 Ntfctn) or BGMax deposit section. */
export interface AccountReport {
  /** Stmt/Id or Ntfctn/Id; for BGMax the deposit's date and serial number. */
  id: string;
  account: ReportedAccount;
  balances: StatementBalance[];
  entries: StatementEntry[];
  /** True when the report is one page of several (StmtPgntn not the only page). */
  paginated: boolean;
  /** 1-based line in the file where the report starts. */
  line: number;
}

/** ISO 20022 balance type codes (ExternalBalanceType1Code) as they appear in statements. */
export type BalanceType =
  'OPBD' | 'CLBD' | 'ITBD' | 'PRCD' | 'OPAV' | 'CLAV' | 'ITAV' | 'FWAV' | 'INFO' | 'XPCD';

export interface StatementBalance {
  type: BalanceType;
  /** Signed: a DBIT balance is negative. */
  amountMinor: bigint;
  currency: Currency;
  date: IsoDate;
  line: number;
}

/** BOOK is booked; PDNG pending; INFO for information only (camt's EntryStatus). */
export type EntryStatus = 'booked' | 'pending' | 'information';

export interface StatementEntry {
  /** Signed: CRDT positive, DBIT negative. */
  amountMinor: bigint;
  currency: Currency;
  status: EntryStatus;
  /** True when the bank marks the entry as the reversal of an earlier one (RvslInd). */
  reversal: boolean;
  bookingDate: IsoDate | null;
  valueDate: IsoDate | null;
  /** The bank's unique reference of the entry (AcctSvcrRef), when given. */
  accountServicerReference: string | null;
  /** NtryRef, when given. */
  entryReference: string | null;
  /** Domain/family/sub-family (e.g. `PMNT/RCDT/ESCT`) or the proprietary code. */
  bankTransactionCode: string | null;
  /** The transactions the entry is made of: one for a single payment, several for a batch. */
  details: EntryDetail[];
  line: number;
}

export interface EntryDetail {
  /** Signed like the entry; null when the file gives no amount per transaction. */
  amountMinor: bigint | null;
  currency: Currency | null;
  accountServicerReference: string | null;
  /** null when absent or NOTPROVIDED. */
  endToEndId: string | null;
  /** The structured creditor reference (an OCR number in Sweden, or an RF reference). */
  creditorReference: string | null;
  /** Unstructured remittance lines joined with a space. */
  message: string | null;
  /** The other party: the debtor of money in, the creditor of money out. */
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  line: number;
}

/** What kind of fault a bank file has. */
export type StatementProblemKind =
  /** Not well-formed XML, a record that cannot be read, a required element missing. */
  | 'malformed'
  /** A message type or version this parser does not read. */
  | 'unsupported'
  /** A value that does not parse (an amount, a date, a currency). */
  | 'invalid_value'
  /** A control count or sum in the file disagrees with its contents. */
  | 'count_mismatch';

export interface StatementProblem {
  kind: StatementProblemKind;
  /** 1-based line of the file, or null when the fault is the file as a whole. */
  line: number | null;
  /** Where inside the file, e.g. `Stmt[1]/Ntry[3]/Amt` or `record 20 (payment)`. */
  where: string;
  message: string;
}

export type StatementParse<T> = { ok: true; value: T } | { ok: false; problems: StatementProblem[] };

export function describeProblem(problem: Pick<StatementProblem, 'line' | 'where' | 'message'>): string {
  const line = problem.line === null ? '' : `line ${problem.line}, `;
  return `${line}${problem.where}: ${problem.message}`;
}
