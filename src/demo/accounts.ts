import { parseSwedishAccount } from '../banking/bank-account';
import { bankgiroWithCheckDigit } from '../banking/bankgiro';
import { parseClearing } from '../banking/clearing';
import { ibanCheckDigits, parseIban, swedishIbanFromAccount } from '../banking/iban';
import type { IdFactory } from './ids';
import type { AccountKind, CountryCode, DemoBankAccount, DemoCompany, DemoCurrency } from './model';
import type { Rng } from './rng';

/** A real bank: name as customers call it, BIC (head office), and how its account numbers look. */
export interface BankSpec {
  key: string;
  name: string;
  bic: string;
  country: CountryCode;
  /** Prefix of the bank references this bank puts on statement lines. */
  refPrefix: string;
}

const bank = (key: string, name: string, bic: string, country: CountryCode, refPrefix: string): BankSpec => ({
  key,
  name,
  bic,
  country,
  refPrefix,
});

export const BANKS = {
  SEB: bank('SEB', 'SEB', 'ESSESESS', 'SE', 'SEB'),
  SHB: bank('SHB', 'Handelsbanken', 'HANDSESS', 'SE', 'SHB'),
  SWED: bank('SWED', 'Swedbank', 'SWEDSESS', 'SE', 'SWB'),
  NDEA: bank('NDEA', 'Nordea', 'NDEASESS', 'SE', 'NDA'),
  DABA: bank('DABA', 'Danske Bank', 'DABASESX', 'SE', 'DBS'),
  DNB_NO: bank('DNB_NO', 'DNB', 'DNBANOKK', 'NO', 'DNB'),
  NDEA_NO: bank('NDEA_NO', 'Nordea', 'NDEANOKK', 'NO', 'NDN'),
  DABA_DK: bank('DABA_DK', 'Danske Bank', 'DABADKKK', 'DK', 'DBK'),
  NDEA_DK: bank('NDEA_DK', 'Nordea', 'NDEADKKK', 'DK', 'NDK'),
  OP_FI: bank('OP_FI', 'OP', 'OKOYFIHH', 'FI', 'OPF'),
  NDEA_FI: bank('NDEA_FI', 'Nordea', 'NDEAFIHH', 'FI', 'NDF'),
  DB_DE: bank('DB_DE', 'Deutsche Bank', 'DEUTDEFF', 'DE', 'DBA'),
  CBK_DE: bank('CBK_DE', 'Commerzbank', 'COBADEFF', 'DE', 'CBK'),
  JPM_US: bank('JPM_US', 'JPMorgan Chase', 'CHASUS33', 'US', 'JPM'),
  BOA_US: bank('BOA_US', 'Bank of America', 'BOFAUS3N', 'US', 'BOA'),
} as const satisfies Record<string, BankSpec>;

export type BankKey = keyof typeof BANKS;

const SWEDISH_BANKS: readonly BankKey[] = ['SEB', 'SHB', 'SWED', 'NDEA', 'DABA'];

const LOCAL_BANKS: Record<Exclude<CountryCode, 'SE' | 'GB' | 'NL'>, readonly BankKey[]> = {
  NO: ['DNB_NO', 'NDEA_NO'],
  DK: ['DABA_DK', 'NDEA_DK'],
  FI: ['OP_FI', 'NDEA_FI'],
  DE: ['DB_DE', 'CBK_DE'],
  US: ['JPM_US', 'BOA_US'],
};

/** Clearing-number ranges the generator draws from (business accounts of each bank). */
const SWEDISH_CLEARING: Record<'SEB' | 'SHB' | 'SWED' | 'NDEA' | 'DABA', [number, number]> = {
  SEB: [5000, 5999],
  SHB: [6000, 6999],
  SWED: [8000, 8999],
  NDEA: [3000, 3299],
  DABA: [1200, 1399],
};

/** The account number length to draw for each bank (Handelsbanken 9, Swedbank 8xxx-x 10, else 7). */
const SWEDISH_ACCOUNT_LENGTH: Record<'SEB' | 'SHB' | 'SWED' | 'NDEA' | 'DABA', number> = {
  SEB: 7,
  SHB: 9,
  SWED: 10,
  NDEA: 7,
  DABA: 7,
};

interface AccountNumbers {
  iban: string | null;
  clearingNumber: string | null;
  accountNumber: string | null;
}

/**
 * A valid Swedish clearing + account number and its IBAN. The check digit is found by asking the
 * banking module's validator which final digit it accepts (no check-digit rule is repeated here).
 */
function swedishAccount(bankKey: 'SEB' | 'SHB' | 'SWED' | 'NDEA' | 'DABA', rng: Rng): AccountNumbers {
  const [from, to] = SWEDISH_CLEARING[bankKey];
  for (;;) {
    const clearing = parseClearing(String(rng.int(from, to)));
    if (!clearing.ok) continue;
    const body = rng.digits(SWEDISH_ACCOUNT_LENGTH[bankKey] - 1, true);
    for (let d = 0; d <= 9; d++) {
      const parsed = parseSwedishAccount(clearing.value.clearing, `${body}${d}`);
      if (!parsed.ok) continue;
      const iban = swedishIbanFromAccount(parsed.value.clearing, parsed.value.account);
      if (!iban.ok) throw new Error(iban.error);
      return { iban: iban.value, clearingNumber: parsed.value.clearing, accountNumber: parsed.value.account };
    }
  }
}

/** Bank codes (the bank part of each BBAN) of the foreign banks. */
const FOREIGN_BANK_CODE: Partial<Record<BankKey, () => string>> = {
  DNB_NO: () => '1503',
  NDEA_NO: () => '6001',
  DABA_DK: () => '3409',
  NDEA_DK: () => '2191',
  OP_FI: () => '500001',
  NDEA_FI: () => '114450',
  DB_DE: () => '50070010',
  CBK_DE: () => '50040000',
};

/** A registry-valid foreign IBAN: bank code + random account digits, national check digit by trial. */
function foreignIban(bankKey: BankKey, country: CountryCode, rng: Rng): string {
  const code = FOREIGN_BANK_CODE[bankKey];
  if (!code) throw new Error(`no IBAN scheme for ${bankKey}`);
  const lengths: Partial<Record<CountryCode, number>> = { NO: 11, DK: 14, FI: 14, DE: 18 };
  const bbanLength = lengths[country];
  if (bbanLength === undefined) throw new Error(`no IBAN length for ${country}`);
  for (;;) {
    const head = code();
    const body = rng.digits(bbanLength - head.length - 1, true);
    for (let d = 0; d <= 9; d++) {
      const bban = `${head}${body}${d}`;
      const parsed = parseIban(`${country}${ibanCheckDigits(country, bban)}${bban}`);
      if (parsed.ok) return parsed.value;
    }
  }
}

/** US accounts have no IBAN: the ABA routing number goes in `clearingNumber`. */
const ABA_ROUTING: Partial<Record<BankKey, string>> = {
  JPM_US: '021000021',
  BOA_US: '026009593',
};

export function accountNumbersFor(bankKey: BankKey, rng: Rng): AccountNumbers {
  const spec = BANKS[bankKey];
  if (spec.country === 'SE') return swedishAccount(bankKey as 'SEB' | 'SHB' | 'SWED' | 'NDEA' | 'DABA', rng);
  if (spec.country === 'US') {
    return {
      iban: null,
      clearingNumber: ABA_ROUTING[bankKey] ?? null,
      accountNumber: rng.digits(rng.int(9, 12), true),
    };
  }
  return { iban: foreignIban(bankKey, spec.country, rng), clearingNumber: null, accountNumber: null };
}

const CURRENCY_WORD: Record<DemoCurrency, string> = {
  SEK: 'SEK',
  EUR: 'EUR',
  USD: 'USD',
  NOK: 'NOK',
  DKK: 'DKK',
};

/** What a generated account is for, beside its row: used by the ledger. */
export interface AccountRole {
  account: DemoBankAccount;
  bankKey: BankKey;
  company: DemoCompany;
  /** Share (per mille) of the company's customer receipts that arrive here. */
  receiptShare: number;
  /** The koncern's treasury account for this currency (parent company). */
  isTreasury: boolean;
  /** The SEK savings account of the parent (surplus parking). */
  isSavings: boolean;
}

export interface AccountPlan {
  roles: AccountRole[];
  /** The parent's account per currency that funds and collects the others. */
  treasury: Record<DemoCurrency, string>;
  cashPoolTopId: string;
  mainBank: BankKey;
}

/**
 * The koncern's bank accounts. The parent keeps the koncernkonto (cash pool top, SEK) and one
 * currency account per foreign currency at the koncern's main bank, plus a savings account elsewhere;
 * Swedish subsidiaries are sub-accounts of the cash pool (with bankgiro), some with a payroll
 * account, a EUR export account or a second bank; foreign subsidiaries bank locally.
 */
export function generateAccounts(
  rng: Rng,
  ids: IdFactory,
  companies: readonly DemoCompany[],
  openedOn: string,
): AccountPlan {
  const mainBank = rng.pick(['SEB', 'SHB', 'SWED', 'NDEA'] as const);
  const secondBanks = SWEDISH_BANKS.filter((b) => b !== mainBank);
  const roles: AccountRole[] = [];
  const usedBankgiro = new Set<string>();
  const usedIban = new Set<string>();

  const newBankgiro = (): string => {
    for (;;) {
      const bg = bankgiroWithCheckDigit(`${rng.int(1, 9)}${rng.digits(6)}`);
      if (!usedBankgiro.has(bg)) {
        usedBankgiro.add(bg);
        return bg;
      }
    }
  };

  const add = (
    company: DemoCompany,
    bankKey: BankKey,
    opts: {
      name: string;
      currency: DemoCurrency;
      kind: AccountKind;
      bankgiro?: boolean;
      cashPoolTopId?: string | null;
      receiptShare?: number;
      isTreasury?: boolean;
      isSavings?: boolean;
    },
  ): DemoBankAccount => {
    let numbers = accountNumbersFor(bankKey, rng);
    while (numbers.iban !== null && usedIban.has(numbers.iban)) numbers = accountNumbersFor(bankKey, rng);
    if (numbers.iban !== null) usedIban.add(numbers.iban);
    const spec = BANKS[bankKey];
    const account: DemoBankAccount = {
      id: ids.next('acct'),
      tenantId: company.tenantId,
      companyId: company.id,
      name: opts.name,
      bankName: spec.name,
      bic: spec.bic,
      iban: numbers.iban,
      clearingNumber: numbers.clearingNumber,
      accountNumber: numbers.accountNumber,
      bankgiro: opts.bankgiro === true ? newBankgiro() : null,
      currency: opts.currency,
      kind: opts.kind,
      cashPoolTopId: opts.cashPoolTopId ?? null,
      openedOn,
      openingBalanceMinor: 0n,
    };
    roles.push({
      account,
      bankKey,
      company,
      receiptShare: opts.receiptShare ?? 0,
      isTreasury: opts.isTreasury ?? false,
      isSavings: opts.isSavings ?? false,
    });
    return account;
  };

  const [parent, ...subsidiaries] = companies;
  if (!parent) throw new Error('a koncern needs a parent company');

  const top = add(parent, mainBank, {
    name: 'Koncernkonto SEK',
    currency: 'SEK',
    kind: 'cash_pool_top',
    isTreasury: true,
  });
  const treasury: Record<DemoCurrency, string> = { SEK: top.id, EUR: '', USD: '', NOK: '', DKK: '' };
  add(parent, mainBank, {
    name: 'Rörelsekonto',
    currency: 'SEK',
    kind: 'cash_pool_sub',
    bankgiro: true,
    cashPoolTopId: top.id,
    receiptShare: 1000,
  });
  for (const currency of ['EUR', 'USD', 'NOK', 'DKK'] as const) {
    const acct = add(parent, mainBank, {
      name: `Valutakonto ${CURRENCY_WORD[currency]}`,
      currency,
      kind: 'operating',
      isTreasury: true,
    });
    treasury[currency] = acct.id;
  }
  add(parent, rng.pick(secondBanks), {
    name: 'Placeringskonto',
    currency: 'SEK',
    kind: 'savings',
    isSavings: true,
  });
  if (rng.chance(60)) add(parent, mainBank, { name: 'Lönekonto', currency: 'SEK', kind: 'payroll' });

  for (const company of subsidiaries) {
    if (company.country === 'SE') {
      const hasEur = rng.chance(45);
      const hasSecond = rng.chance(50);
      const secondShare = hasSecond ? 120 : 0;
      const eurShare = hasEur ? 150 : 0;
      add(company, mainBank, {
        name: 'Koncernkonto',
        currency: 'SEK',
        kind: 'cash_pool_sub',
        bankgiro: true,
        cashPoolTopId: top.id,
        receiptShare: 1000 - secondShare - eurShare,
      });
      if (rng.chance(50)) add(company, mainBank, { name: 'Lönekonto', currency: 'SEK', kind: 'payroll' });
      if (hasEur)
        add(company, mainBank, {
          name: 'Exportkonto EUR',
          currency: 'EUR',
          kind: 'operating',
          receiptShare: eurShare,
        });
      if (hasSecond) {
        add(company, rng.pick(secondBanks), {
          name: 'Företagskonto',
          currency: 'SEK',
          kind: 'operating',
          receiptShare: secondShare,
        });
      }
      continue;
    }
    const country = company.country as keyof typeof LOCAL_BANKS;
    const local = rng.pick(LOCAL_BANKS[country]);
    const currency = company.functionalCurrency;
    const hasEur = currency !== 'EUR' && rng.chance(50);
    add(company, local, {
      name: country === 'US' ? 'Operating account' : 'Driftskonto',
      currency,
      kind: 'operating',
      receiptShare: hasEur ? 850 : 1000,
    });
    if (hasEur)
      add(company, local, { name: 'EUR account', currency: 'EUR', kind: 'operating', receiptShare: 150 });
    if (rng.chance(30)) {
      add(company, local, {
        name: country === 'US' ? 'Money market account' : 'Sparkonto',
        currency,
        kind: 'savings',
      });
    }
    if (rng.chance(40)) {
      const other = LOCAL_BANKS[country].find((b) => b !== local) ?? local;
      add(company, other, {
        name: country === 'US' ? 'Payroll account' : 'Lønn/Payroll',
        currency,
        kind: 'payroll',
      });
    }
  }

  // Keep the plan within 30–80 accounts: add savings accounts to the largest companies if short.
  const bySize = companies
    .map((company, index) => ({ company, index }))
    .sort((a, b) => b.company.employees - a.company.employees || a.index - b.index)
    .map((x) => x.company);
  for (let i = 0; roles.length < 30; i++) {
    const company = bySize[i % bySize.length];
    if (!company) break;
    const currency = company.functionalCurrency;
    const bankKey =
      company.country === 'SE'
        ? rng.pick(secondBanks)
        : rng.pick(LOCAL_BANKS[company.country as keyof typeof LOCAL_BANKS]);
    add(company, bankKey, { name: `Sparkonto ${currency}`, currency, kind: 'savings' });
  }
  return { roles, treasury, cashPoolTopId: top.id, mainBank };
}
