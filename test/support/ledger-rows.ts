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

/** Made-up IBANs for `insertLedgers`, distinct from the ones tests insert one by one. */
const SPARE_IBANS = ['SE3550000000054910000003', 'SE6412000000012810105723', 'SE8730000000032140060001'];

/**
 * Three koncerner with an account each (suffixes `${letter}0000001`…): enough that the tenant's accounts list
 * is over 1 KiB, the least answer the API keeps compressed.
 */
export async function insertLedgers(db: Database, tenantId: string, letter: string): Promise<void> {
  for (const [index, iban] of SPARE_IBANS.entries()) {
    await insertLedger(db, tenantId, `${letter}${String(index + 1).padStart(7, '0')}`, iban);
  }
}
