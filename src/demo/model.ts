/**
 * The demo generator's output: plain objects close to the rows of `src/api/db/schema.ts`
 * (camelCase fields, money as bigint minor units, business dates as 'YYYY-MM-DD' strings).
 * The generator knows nothing about the database; `src/api/demo/seed.ts` maps these onto tables.
 */

export type DemoSize = 'demo' | 'large';

/** The currencies the demo koncern holds. */
export type DemoCurrency = 'SEK' | 'EUR' | 'USD' | 'NOK' | 'DKK';

export type CountryCode = 'SE' | 'NO' | 'DK' | 'FI' | 'DE' | 'US' | 'GB' | 'NL';

export interface DemoOptions {
  seed: number;
  size: DemoSize;
  /** The business date the data ends on ('YYYY-MM-DD'); the generator never reads the clock. */
  today: string;
  /** Part of the id namespace: two tenants seeded with one seed still get distinct ids. */
  tenantName?: string;
}

export interface DemoTenant {
  id: string;
  name: string;
}

export interface DemoKoncern {
  id: string;
  tenantId: string;
  name: string;
  reportingCurrency: 'SEK';
}

export interface DemoCompany {
  id: string;
  tenantId: string;
  koncernId: string;
  parentId: string | null;
  name: string;
  /** Swedish organisationsnummer, 10 digits without dash; null for foreign companies. */
  orgNumber: string | null;
  /** National register id of a foreign company (NO orgnr, DK CVR, FI Y-tunnus, DE HRB, US EIN). */
  foreignId: string | null;
  country: CountryCode;
  functionalCurrency: DemoCurrency;
  /** The parent's share in basis points (10000 = 100 %). */
  ownershipBasisPoints: number;
  /** Not a column: the company's head count, which drives salaries. */
  employees: number;
  /** Not a column: a relative size (1–100) that drives transaction volumes. */
  weight: number;
}

export type AccountKind = 'operating' | 'cash_pool_top' | 'cash_pool_sub' | 'savings' | 'payroll' | 'tax';

export interface DemoBankAccount {
  id: string;
  tenantId: string;
  companyId: string;
  name: string;
  bankName: string;
  bic: string;
  iban: string | null;
  clearingNumber: string | null;
  accountNumber: string | null;
  /** Bankgiro number (digits only, 7–8) on Swedish operating accounts. */
  bankgiro: string | null;
  currency: DemoCurrency;
  kind: AccountKind;
  cashPoolTopId: string | null;
  /** The opening-balance date: the day before the first transaction day. */
  openedOn: string;
  /** Not a column: the booked balance at the close of `openedOn` (the opening balance row). */
  openingBalanceMinor: bigint;
}

export interface DemoFxRate {
  currency: Exclude<DemoCurrency, 'SEK'>;
  rateDate: string;
  /** SEK per one unit of `currency`, a decimal string with four decimals. */
  sekPerUnit: string;
}

export type TransactionCategory =
  | 'salary'
  | 'employer_tax'
  | 'vat'
  | 'tax'
  | 'customer_receipt'
  | 'supplier_payment'
  | 'rent'
  | 'loan_interest'
  | 'card_fee'
  | 'bank_fee'
  | 'interest'
  | 'management_fee'
  | 'cash_pool_sweep'
  | 'intra_group_funding'
  | 'fx_transfer';

export interface DemoTransaction {
  id: string;
  tenantId: string;
  accountId: string;
  bookingDate: string;
  valueDate: string;
  /** Signed: positive is money in, negative money out. */
  amountMinor: bigint;
  currency: DemoCurrency;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  ocr: string | null;
  message: string | null;
  /** Unique per account. */
  bankReference: string;
  /** Shared by both legs of an intra-group transfer. */
  endToEndId: string | null;
  category: TransactionCategory;
  intraGroup: boolean;
  reconciliationState: 'unreconciled' | 'proposed' | 'reconciled';
}

export interface DemoAccountBalance {
  tenantId: string;
  accountId: string;
  balanceDate: string;
  bookedMinor: bigint;
  availableMinor: bigint;
  /** 'bank' for the opening balance row (as reported by the bank), 'computed' for every later day. */
  source: 'bank' | 'computed';
  /** RFC 3339 UTC: the close of the business day in Stockholm. */
  asOf: string;
}

export interface DemoOpenItem {
  id: string;
  tenantId: string;
  companyId: string;
  externalId: string;
  kind: 'receivable' | 'payable';
  counterpartyName: string;
  reference: string | null;
  ocr: string | null;
  amountMinor: bigint;
  currency: DemoCurrency;
  issueDate: string | null;
  dueDate: string;
  status: 'open' | 'settled';
  /** What has been paid of `amountMinor`: all of it for the settled invoice history, else 0. */
  settledMinor: bigint;
  /** For the invoice history (settled before Finvis saw the payment): the day it was paid; else null. */
  paidOn: string | null;
}

/** One bank day of the ledger: its transactions and every account's closing balance. */
export interface DemoLedgerDay {
  date: string;
  transactions: DemoTransaction[];
  balances: DemoAccountBalance[];
  /**
   * The invoice history this day's reconciled customer receipts and supplier payments paid: settled
   * open items with `paidOn` = `date`, one per payment (none on the unreconciled last days).
   */
  paidInvoices: DemoOpenItem[];
}

/**
 * Reconciliation ground truth: a customer payment the ledger books for a receivable that is still
 * 'open' in the open items, i.e. what the match queue should propose.
 */
export interface DemoPlantedReceipt {
  /** The open item (receivable) this payment settles. */
  openItemId: string;
  date: string;
  accountId: string;
  amountMinor: bigint;
  currency: DemoCurrency;
  ocr: string | null;
  message: string | null;
  counterpartyName: string;
  counterpartyAccount: string | null;
}

export interface DemoPeriod {
  /** The opening-balance date: the last bank day before `firstDay`. */
  openingDate: string;
  /** The first bank day with transactions (24 months before `today`). */
  firstDay: string;
  /** The last day with transactions ('today' if it is a bank day, else the bank day before). */
  lastDay: string;
  today: string;
}

export interface DemoDataset {
  options: Required<DemoOptions>;
  period: DemoPeriod;
  tenant: DemoTenant;
  koncerner: DemoKoncern[];
  companies: DemoCompany[];
  bankAccounts: DemoBankAccount[];
  fxRates: DemoFxRate[];
  /** Unpaid invoices and the planted receipts' items; the settled invoice history comes with the ledger. */
  openItems: DemoOpenItem[];
  /** The opening balance rows (one per account, dated `period.openingDate`, source 'bank'). */
  openingBalances: DemoAccountBalance[];
  /** Reconciliation ground truth (payments in the last bank days matching open receivables). */
  planted: DemoPlantedReceipt[];
  /**
   * The ledger, day by day in date order. Each call starts a fresh, identical stream from the seed,
   * so the `large` size (a million transactions) never has to be held in memory at once.
   */
  ledger(): Iterable<DemoLedgerDay>;
}
