import { z } from 'zod';
import { parseAmount } from '../banking/money';
import { isCurrency, type Currency } from '../banking/currency';
import type { Endpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { businessDate, currencyCode, money, timestamp } from './money';

/*
 * The ledger and organisation read endpoints: koncerner, companies, bank accounts with their latest
 * balance, and transactions. Every list is keyset-paginated: the cursor is the sort key of the last
 * row of the page, so rows that arrive while a client pages never make it skip or repeat a row.
 */

// ---------------------------------------------------------------------------
// Resources

export const koncern = z
  .object({
    id: idSchema('koncern'),
    name: z.string(),
    reporting_currency: currencyCode,
    parent_company_id: idSchema('company').nullable().meta({
      description: 'The top company of the group tree (the company without a parent); null when none.',
    }),
    created_at: timestamp,
  })
  .meta({ id: 'Koncern', description: 'A corporate group: a parent company and its subsidiaries.' });

export const company = z
  .object({
    id: idSchema('company'),
    koncern_id: idSchema('koncern'),
    parent_id: idSchema('company')
      .nullable()
      .meta({ description: 'The parent company in the group tree; null for the top company.' }),
    name: z.string(),
    organisationsnummer: z.string().nullable().meta({
      description: 'Swedish organisationsnummer, NNNNNN-NNNN; null for foreign companies.',
      example: '556016-0680',
    }),
    foreign_id: z.string().nullable().meta({
      description: 'The national register id of a foreign company (e.g. a Norwegian organisasjonsnummer).',
    }),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .meta({ description: 'ISO 3166-1 alpha-2 country code.', example: 'SE' }),
    functional_currency: currencyCode,
    ownership_share: z
      .string()
      .regex(/^\d\.\d{4}$/)
      .meta({
        description:
          'The parent\'s share of this company as a decimal fraction string with four decimals, e.g. "0.5100" for 51 %. The top company has "1.0000".',
        example: '1.0000',
      }),
    created_at: timestamp,
  })
  .meta({ id: 'Company', description: 'A company in a koncern.' });

export const accountKinds = [
  'operating',
  'cash_pool_top',
  'cash_pool_sub',
  'savings',
  'payroll',
  'tax',
] as const;

export const accountKind = z.enum(accountKinds).meta({
  id: 'AccountKind',
  description:
    'operating, cash_pool_top (the top account of a cash pool / koncernkonto), cash_pool_sub (a sub-account of one), savings, payroll or tax.',
});

export const balance = z
  .object({
    booked: money,
    available: money,
    date: businessDate.meta({ description: 'The business date this balance closes.' }),
    as_of: timestamp.meta({ description: 'When the balance was reported or computed.' }),
    source: z.enum(['bank', 'computed']).meta({
      description: '`bank` when a bank statement reported it, `computed` when derived from transactions.',
    }),
  })
  .meta({ id: 'Balance', description: 'The latest booked and available balance of an account.' });

export const account = z
  .object({
    id: idSchema('account'),
    company_id: idSchema('company'),
    koncern_id: idSchema('koncern'),
    name: z.string(),
    bank_name: z.string(),
    bic: z.string(),
    iban: z.string().nullable(),
    clearing_number: z.string().nullable(),
    account_number: z.string().nullable(),
    bankgiro: z.string().nullable(),
    currency: currencyCode,
    kind: accountKind,
    cash_pool_top_id: idSchema('account')
      .nullable()
      .meta({ description: 'For a cash_pool_sub account: the top account of its cash pool.' }),
    opened_on: businessDate,
    balance: balance.nullable().meta({ description: 'The latest balance; null when none is known yet.' }),
  })
  .meta({ id: 'Account', description: 'A bank account of a company.' });

export const reconciliationStates = ['unreconciled', 'proposed', 'reconciled'] as const;

export const reconciliationState = z.enum(reconciliationStates).meta({ id: 'ReconciliationState' });

export const transaction = z
  .object({
    id: idSchema('transaction'),
    account_id: idSchema('account'),
    booking_date: businessDate,
    value_date: businessDate,
    amount: money.meta({ description: 'Signed: positive is money in, negative money out.' }),
    counterparty_name: z.string().nullable(),
    counterparty_account: z.string().nullable(),
    ocr: z.string().nullable().meta({ description: 'The OCR reference, when the payment carried one.' }),
    message: z.string().nullable().meta({ description: 'The free-text message, when there was one.' }),
    bank_reference: z.string(),
    end_to_end_id: z.string().nullable(),
    category: z
      .string()
      .nullable()
      .meta({ description: 'What the money is (salary, tax, …); null when unknown.' }),
    intra_group: z.boolean().meta({ description: 'A transfer between accounts of the same koncern.' }),
    reconciliation_state: reconciliationState,
  })
  .meta({ id: 'Transaction', description: 'A booked bank transaction.' });

export type Koncern = z.infer<typeof koncern>;
export type Company = z.infer<typeof company>;
export type Balance = z.infer<typeof balance>;
export type Account = z.infer<typeof account>;
export type AccountKind = z.infer<typeof accountKind>;
export type Transaction = z.infer<typeof transaction>;

// ---------------------------------------------------------------------------
// Lists and their filters

/** Cursors carry a sort key that may include a name, so they may be longer than the platform default. */
const ledgerListQuery = listQuery.extend({
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: 'The `next_cursor` of the previous page, unchanged (it is opaque).' }),
});

/** A free-text filter value: PostgreSQL text cannot hold NUL, so a NUL is a 400 rather than a database error. */
const filterText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain a NUL character' });

const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as SE')
  .meta({ description: 'ISO 3166-1 alpha-2 country code, upper case, e.g. `SE`.' });

const supportedCurrency = currencyCode.refine((code) => isCurrency(code), {
  message: 'is not a supported currency',
});

const booleanParam = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true');

const filterId = (kind: Parameters<typeof idSchema>[0], what: string) =>
  idSchema(kind)
    .optional()
    .meta({ description: `${what} An id that names nothing of yours answers 404.` });

export const listKoncernerQuery = ledgerListQuery;

export const listCompaniesQuery = ledgerListQuery.extend({
  koncern_id: filterId('koncern', 'Only companies of this koncern.'),
  country: countryCode.optional(),
  parent_id: filterId('company', 'Only the direct subsidiaries of this company.'),
});

export const listAccountsQuery = ledgerListQuery.extend({
  company_id: filterId('company', 'Only accounts of this company.'),
  koncern_id: filterId('koncern', 'Only accounts of companies of this koncern.'),
  bank: filterText(200).optional().meta({
    description:
      'Only accounts at this bank: its name (case-insensitive, e.g. `SEB`) or its BIC (8 or 11 characters).',
  }),
  currency: supportedCurrency.optional().meta({ description: 'Only accounts in this currency (ISO 4217).' }),
  // Filters use unnamed copies of the named enums: a query parameter's schema is inlined, never a $ref.
  kind: z
    .enum(accountKinds)
    .optional()
    .meta({ description: `Only accounts of this kind: ${accountKinds.join(', ')}.` }),
  cash_pool_top_id: filterId(
    'account',
    'Only the cash pool with this top account: the top account itself and its sub-accounts.',
  ),
});

export const transactionDirections = ['in', 'out'] as const;

/** A non-negative decimal string: the currency's minor digits are checked against the currency filter. */
const amountFilter = (which: 'min' | 'max') =>
  z
    .string()
    .regex(
      /^\d{1,15}(\.\d{1,4})?$/,
      'must be a non-negative decimal string such as "100.00" (no sign, exponent or separators)',
    )
    .optional()
    .meta({
      description:
        `${which === 'min' ? 'Smallest' : 'Largest'} absolute amount, inclusive, as a decimal string (\`100.00\`); combine with \`direction\` for money in or out. ` +
        "With `currency` it may have at most that currency's minor digits; without `currency` it is read with two decimals and compared with each transaction's amount in its own currency.",
    });

/** The currency whose minor digits an amount filter is read with: the currency filter, else two decimals (SEK). */
export function amountFilterCurrency(currency: string | undefined): Currency {
  return currency !== undefined && isCurrency(currency) ? currency : 'SEK';
}

export const listTransactionsQuery = ledgerListQuery
  .extend({
    account_id: filterId('account', 'Only transactions of this account.'),
    company_id: filterId('company', 'Only transactions of accounts of this company.'),
    koncern_id: filterId('koncern', 'Only transactions of accounts of companies of this koncern.'),
    booking_date_from: businessDate
      .optional()
      .meta({ description: 'Earliest booking date, inclusive (YYYY-MM-DD).' }),
    booking_date_to: businessDate
      .optional()
      .meta({ description: 'Latest booking date, inclusive (YYYY-MM-DD).' }),
    amount_min: amountFilter('min'),
    amount_max: amountFilter('max'),
    currency: supportedCurrency
      .optional()
      .meta({ description: 'Only transactions in this currency (ISO 4217).' }),
    direction: z
      .enum(transactionDirections)
      .optional()
      .meta({ description: '`in`: money in (positive amounts); `out`: money out (negative amounts).' }),
    ocr: filterText(100)
      .optional()
      .meta({ description: 'Only transactions with exactly this OCR reference.' }),
    reference: filterText(200)
      .optional()
      .meta({ description: 'Only transactions with exactly this bank reference or end-to-end id.' }),
    q: filterText(200).optional().meta({
      description:
        'Free text: transactions whose counterparty name or message contains it (case-insensitive).',
    }),
    reconciled: booleanParam.optional().meta({
      description:
        '`true`: only reconciled transactions; `false`: only those not (yet) reconciled (unreconciled or proposed).',
    }),
    reconciliation_state: z
      .enum(reconciliationStates)
      .optional()
      .meta({
        description: `Only transactions in this reconciliation state: ${reconciliationStates.join(', ')}.`,
      }),
    intra_group: booleanParam.optional().meta({
      description:
        '`true`: only transfers between accounts of the same koncern; `false`: only money to or from the outside world (what reconciliation matches against open items).',
    }),
  })
  .superRefine((query, ctx) => {
    const currency = amountFilterCurrency(query.currency);
    for (const field of ['amount_min', 'amount_max'] as const) {
      const value = query[field];
      if (value === undefined || !/^\d{1,15}(\.\d{1,4})?$/.test(value)) continue;
      const parsed = parseAmount(value, currency);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [field], message: parsed.error });
    }
    if (query.amount_min !== undefined && query.amount_max !== undefined) {
      const min = parseAmount(query.amount_min, currency);
      const max = parseAmount(query.amount_max, currency);
      if (min.ok && max.ok && min.value > max.value) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount_min'],
          message: 'amount_min must not be larger than amount_max',
        });
      }
    }
    const { booking_date_from: from, booking_date_to: to } = query;
    if (from !== undefined && to !== undefined && from > to) {
      ctx.addIssue({
        code: 'custom',
        path: ['booking_date_from'],
        message: 'booking_date_from must not be after booking_date_to',
      });
    }
  });

export const accountIdParams = z.object({ id: idSchema('account') });

export const koncernList = listOf(koncern).meta({ id: 'KoncernList' });
export const companyList = listOf(company).meta({ id: 'CompanyList' });
export const accountList = listOf(account).meta({ id: 'AccountList' });
export const transactionList = listOf(transaction).meta({ id: 'TransactionList' });

export type ListKoncernerQuery = z.output<typeof listKoncernerQuery>;
export type ListCompaniesQuery = z.output<typeof listCompaniesQuery>;
export type ListAccountsQuery = z.output<typeof listAccountsQuery>;
export type ListTransactionsQuery = z.output<typeof listTransactionsQuery>;

// ---------------------------------------------------------------------------
// Endpoints
//
// Declared with `satisfies Endpoint` rather than `defineEndpoint` so that each keeps the exact type of
// its params and query: the route handlers then receive the parsed filters fully typed.

const pagination = `Paginated with \`limit\` (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}) and \`cursor\`; a cursor that is not one of ours answers 400.`;
const unknownFilterIds =
  "A filter id that names nothing of yours (or another tenant's) answers 404, like an unknown id.";

export const listKoncerner = {
  operationId: 'listKoncerner',
  method: 'GET',
  path: '/public/koncerner',
  summary: 'List koncerner',
  description: `The koncerner (corporate groups) of your tenant, ordered by name. ${pagination}`,
  tags: ['Ledger'],
  scope: 'read:ledger',
  query: listKoncernerQuery,
  responses: { 200: { description: 'A page of koncerner.', schema: koncernList } },
} satisfies Endpoint;

export const listCompanies = {
  operationId: 'listCompanies',
  method: 'GET',
  path: '/public/companies',
  summary: 'List companies (the group tree)',
  description: `The companies of your koncerner with their organisationsnummer, country, functional currency, parent and the parent's ownership share, ordered by name. Filter by koncern, country or parent. ${pagination} ${unknownFilterIds}`,
  tags: ['Ledger'],
  scope: 'read:ledger',
  query: listCompaniesQuery,
  responses: {
    200: { description: 'A page of companies.', schema: companyList },
    404: { description: 'A filter id names nothing of yours.' },
  },
} satisfies Endpoint;

export const listAccounts = {
  operationId: 'listAccounts',
  method: 'GET',
  path: '/public/accounts',
  summary: 'List bank accounts with their balances',
  description: `Bank accounts with bank, BIC, IBAN, clearing and account number or bankgiro, currency, kind and the latest booked and available balance, ordered by name. Filter by company, koncern, bank, currency, kind or cash pool. ${pagination} ${unknownFilterIds}`,
  tags: ['Ledger'],
  scope: 'read:ledger',
  query: listAccountsQuery,
  responses: {
    200: { description: 'A page of accounts.', schema: accountList },
    404: { description: 'A filter id names nothing of yours.' },
  },
} satisfies Endpoint;

export const getAccount = {
  operationId: 'getAccount',
  method: 'GET',
  path: '/public/accounts/{id}',
  summary: 'Get a bank account with its balance',
  description:
    "One bank account with its latest balance. Another tenant's account answers 404, like one that does not exist.",
  tags: ['Ledger'],
  scope: 'read:ledger',
  params: accountIdParams,
  responses: { 200: { description: 'The account.', schema: account } },
} satisfies Endpoint;

export const listTransactions = {
  operationId: 'listTransactions',
  method: 'GET',
  path: '/public/transactions',
  summary: 'List bank transactions',
  description: `Booked transactions, newest booking date first (ties: the later-recorded first). Filter by account, company, koncern, booking-date range, amount range, currency, direction, OCR or reference, free text on counterparty and message, and reconciliation. ${pagination} Pagination is stable: transactions that arrive while you page never make a page skip or repeat one (a new transaction booked before the cursor's position appears on a later page; one booked after it does not). ${unknownFilterIds}`,
  tags: ['Ledger'],
  scope: 'read:ledger',
  query: listTransactionsQuery,
  responses: {
    200: { description: 'A page of transactions.', schema: transactionList },
    404: { description: 'A filter id names nothing of yours.' },
  },
} satisfies Endpoint;

export const ledgerEndpoints = [
  listKoncerner,
  listCompanies,
  listAccounts,
  getAccount,
  listTransactions,
] as const;
