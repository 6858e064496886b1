import { z } from 'zod';
import { idSchema } from './ids';
import { businessDate, currencyCode, money, timestamp } from './money';

export const koncern = z
  .object({
    id: idSchema('koncern'),
    name: z.string(),
    reporting_currency: currencyCode,
    created_at: timestamp,
  })
  .meta({ id: 'Koncern', description: 'A corporate group: a parent company and its subsidiaries.' });

export const company = z
  .object({
    id: idSchema('company'),
    koncern_id: idSchema('koncern'),
    parent_id: idSchema('company').nullable(),
    name: z.string(),
    organisationsnummer: z
      .string()
      .nullable()
      .meta({ description: 'Swedish organisationsnummer, NNNNNN-NNNN.' }),
    foreign_id: z.string().nullable(),
    country: z.string().length(2),
    functional_currency: currencyCode,
    ownership_share: z
      .string()
      .regex(/^\d\.\d{4}$/)
      .meta({
        description: 'The parent\'s share as a decimal fraction string, e.g. "0.5100".',
        example: '1.0000',
      }),
  })
  .meta({ id: 'Company', description: 'A company in a koncern.' });

export const accountKind = z
  .enum(['operating', 'cash_pool_top', 'cash_pool_sub', 'savings', 'payroll', 'tax'])
  .meta({ id: 'AccountKind' });

export const balance = z
  .object({
    booked: money,
    available: money,
    as_of: timestamp,
  })
  .meta({ id: 'Balance' });

export const account = z
  .object({
    id: idSchema('account'),
    company_id: idSchema('company'),
    name: z.string(),
    bank_name: z.string(),
    bic: z.string(),
    iban: z.string().nullable(),
    clearing_number: z.string().nullable(),
    account_number: z.string().nullable(),
    bankgiro: z.string().nullable(),
    currency: currencyCode,
    kind: accountKind,
    cash_pool_top_id: idSchema('account').nullable(),
    balance: balance.nullable(),
  })
  .meta({ id: 'Account', description: 'A bank account of a company.' });

export const reconciliationState = z
  .enum(['unreconciled', 'proposed', 'reconciled'])
  .meta({ id: 'ReconciliationState' });

export const transaction = z
  .object({
    id: idSchema('transaction'),
    account_id: idSchema('account'),
    booking_date: businessDate,
    value_date: businessDate,
    amount: money.meta({ description: 'Signed: positive is money in, negative money out.' }),
    counterparty_name: z.string().nullable(),
    ocr: z.string().nullable(),
    message: z.string().nullable(),
    bank_reference: z.string(),
    end_to_end_id: z.string().nullable(),
    intra_group: z.boolean(),
    reconciliation_state: reconciliationState,
  })
  .meta({ id: 'Transaction', description: 'A booked bank transaction.' });

export type Koncern = z.infer<typeof koncern>;
export type Company = z.infer<typeof company>;
export type Account = z.infer<typeof account>;
export type Transaction = z.infer<typeof transaction>;
