import type { Database } from '../db/client';
import { bankAccounts, companies, koncerner, transactions } from '../db/schema';
import { newId } from '../ids';

/** A small koncern for reconciliation tests: one Swedish company with a SEK and an EUR account. */
export const FIXTURE = {
  koncern: 'kon_recfixture01',
  company: 'co_recfixture001',
  orgNumber: '5560000001',
  sekAccount: 'acct_recfixsek001',
  eurAccount: 'acct_recfixeur001',
} as const;

/** The fixture's ids made unique per tenant, so several tenants can hold it in one database. */
export function fixtureFor(tenantSuffix: string) {
  return {
    koncern: `${FIXTURE.koncern}${tenantSuffix}`,
    company: `${FIXTURE.company}${tenantSuffix}`,
    orgNumber: FIXTURE.orgNumber,
    sekAccount: `${FIXTURE.sekAccount}${tenantSuffix}`,
    eurAccount: `${FIXTURE.eurAccount}${tenantSuffix}`,
  };
}

export async function insertKoncern(
  db: Database,
  tenantId: string,
  ids: ReturnType<typeof fixtureFor>,
): Promise<void> {
  await db.insert(koncerner).values({ id: ids.koncern, tenantId, name: 'Avstämning Koncern' });
  await db.insert(companies).values({
    id: ids.company,
    tenantId,
    koncernId: ids.koncern,
    name: 'Avstämning AB',
    orgNumber: ids.orgNumber,
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await db.insert(bankAccounts).values([
    {
      id: ids.sekAccount,
      tenantId,
      companyId: ids.company,
      name: 'Drift SEK',
      bankName: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE4550000000058398257466',
      currency: 'SEK',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
    {
      id: ids.eurAccount,
      tenantId,
      companyId: ids.company,
      name: 'Drift EUR',
      bankName: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE7280000810340009783242',
      currency: 'EUR',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
  ]);
}

export interface BookedTransaction {
  accountId: string;
  amountMinor: bigint;
  currency?: string;
  bookingDate?: string;
  counterpartyName?: string | null;
  ocr?: string | null;
  message?: string | null;
  endToEndId?: string | null;
  /** A transfer between two accounts of the koncern. */
  intraGroup?: boolean;
}

/** Books transactions as a statement import would, returning their ids in order. */
export async function book(db: Database, tenantId: string, rows: BookedTransaction[]): Promise<string[]> {
  const ids = rows.map(() => newId('transaction'));
  await db.insert(transactions).values(
    rows.map((row, i) => ({
      id: ids[i] ?? newId('transaction'),
      tenantId,
      accountId: row.accountId,
      bookingDate: row.bookingDate ?? '2026-11-20',
      valueDate: row.bookingDate ?? '2026-11-20',
      amountMinor: row.amountMinor,
      currency: row.currency ?? 'SEK',
      counterpartyName: row.counterpartyName ?? null,
      ocr: row.ocr ?? null,
      message: row.message ?? null,
      bankReference: `REF-${ids[i] ?? i}`,
      endToEndId: row.endToEndId ?? null,
      intraGroup: row.intraGroup ?? false,
      category: row.intraGroup
        ? 'cash_pool_sweep'
        : row.amountMinor > 0n
          ? 'customer_receipt'
          : 'supplier_payment',
    })),
  );
  return ids;
}
