import type { Database } from '../../src/api/db/client';
import { bankAccounts, companies, koncerner } from '../../src/api/db/schema';

/** A koncern with one company holding one SEK operating account (ids from `suffix`); returns the account's id. */
export async function insertLedger(
  db: Database,
  tenantId: string,
  suffix: string,
  iban: string,
): Promise<string> {
  const accountId = `acct_cache${suffix}`;
  await db.insert(koncerner).values({ id: `kon_cache${suffix}`, tenantId, name: `Koncern ${suffix}` });
  await db.insert(companies).values({
    id: `co_cache${suffix}`,
    tenantId,
    koncernId: `kon_cache${suffix}`,
    name: `Bolag ${suffix} AB`,
    orgNumber: '5560000001',
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await db.insert(bankAccounts).values({
    id: accountId,
    tenantId,
    companyId: `co_cache${suffix}`,
    name: 'Drift SEK',
    bankName: 'SEB',
    bic: 'ESSESESS',
    iban,
    currency: 'SEK',
    kind: 'operating',
    openedOn: '2020-01-01',
  });
  return accountId;
}
