import { bankgiroWithCheckDigit, formatBankgiro } from '../banking/bankgiro';
import { createOcr } from '../banking/ocr';
import { formatPlusgiro, plusgiroWithCheckDigit } from '../banking/plusgiro';
import type { AccountPlan } from './accounts';
import type { CountryCode, DemoCompany, DemoCurrency } from './model';
import { counterpartyName, landlordName } from './names';
import type { Rng } from './rng';

/**
 * Each company's economics: what it earns and spends per month, who its customers, suppliers and
 * landlord are, and which of its accounts receive and pay. Amounts are drawn in "SEK-level" öre and
 * brought to the company's currency with a fixed integer price-level ratio (not an FX conversion:
 * a Finnish salary is simply a number of euros).
 */

/** Integer price-level ratios: local minor units = SEK-level öre × num / den. */
const PRICE_LEVEL: Record<DemoCurrency, readonly [bigint, bigint]> = {
  SEK: [1n, 1n],
  NOK: [1n, 1n],
  DKK: [2n, 3n],
  EUR: [1n, 11n],
  USD: [1n, 10n],
};

export function localAmount(sekLevelMinor: bigint, currency: DemoCurrency): bigint {
  const [num, den] = PRICE_LEVEL[currency];
  return (sekLevelMinor * num) / den;
}

/** VAT rates in per mille. */
export const VAT_PER_MILLE: Record<CountryCode, number> = {
  SE: 250,
  NO: 250,
  DK: 250,
  FI: 255,
  DE: 190,
  US: 0,
  GB: 200,
  NL: 210,
};

/** Employer's social charges on gross salary, per mille (Sweden: arbetsgivaravgifter 31.42 %). */
export const EMPLOYER_CHARGES_PER_MILLE: Record<CountryCode, number> = {
  SE: 314,
  NO: 141,
  DK: 20,
  FI: 200,
  DE: 200,
  US: 77,
  GB: 138,
  NL: 180,
};

/** Preliminary income tax withheld from salaries (paid by the employer with the charges). */
export const WITHHELD_TAX_PER_MILLE = 300;

/** Relative salary level by country, per mille of a Swedish salary. */
const SALARY_LEVEL: Record<CountryCode, number> = {
  SE: 1000,
  NO: 1200,
  DK: 1100,
  FI: 900,
  DE: 1000,
  US: 1400,
  GB: 1000,
  NL: 1000,
};

export interface Party {
  name: string;
  /** "BG 1234-5678", "PG 12 34 56-7" or null. */
  account: string | null;
  /** Pays / is paid with an OCR reference (else with a free-text message). */
  usesOcr: boolean;
}

export interface ReceiptChannel {
  accountId: string;
  currency: DemoCurrency;
  /** Per mille of the company's receipts. */
  share: number;
  /** Swedish bankgiro account: receipts come via Bankgirot with OCR. */
  viaBankgiro: boolean;
}

export interface CompanyProfile {
  company: DemoCompany;
  /** Two-digit company code used in OCR references (10, 11, ...). */
  code: number;
  currency: DemoCurrency;
  operatingAccountId: string;
  payrollAccountId: string;
  receiptChannels: ReceiptChannel[];
  /** Monthly revenue excluding VAT, in the company's currency. */
  monthlyRevenueMinor: bigint;
  /** Monthly supplier spend excluding VAT, in the company's currency. */
  monthlySupplierMinor: bigint;
  vatPerMille: number;
  grossSalaryPerEmployeeMinor: bigint;
  employerChargesPerMille: number;
  customers: Party[];
  suppliers: Party[];
  landlord: Party & { ocr: string | null };
  monthlyRentMinor: bigint;
  cardFeeMinor: bigint;
  /** Management fee paid to the parent each month (0 for the parent). */
  managementFeeMinor: bigint;
  loan: { principalMinor: bigint; rateBasisPoints: number } | null;
  /** Skatteverket OCR (skattekonto) for Swedish companies. */
  taxOcr: string | null;
  /** First invoice number of the ledger's customer invoices (the open items use 8 000 000+). */
  firstInvoiceNumber: number;
}

function swedishBankgiroParty(rng: Rng, name: string, usesOcr: boolean): Party {
  const bg = bankgiroWithCheckDigit(`${rng.int(1, 9)}${rng.digits(rng.pick([5, 6]))}`);
  return { name, account: `BG ${formatBankgiro(bg)}`, usesOcr };
}

function swedishPlusgiroParty(rng: Rng, name: string, usesOcr: boolean): Party {
  const pg = plusgiroWithCheckDigit(`${rng.int(1, 9)}${rng.digits(rng.int(4, 6))}`);
  return { name, account: `PG ${formatPlusgiro(pg)}`, usesOcr };
}

function parties(rng: Rng, country: CountryCode, count: number, kind: 'customer' | 'supplier'): Party[] {
  const names = new Set<string>();
  const out: Party[] = [];
  for (let guard = 0; out.length < count && guard < count * 20; guard++) {
    const home = country === 'SE' || !rng.chance(20) ? country : 'SE';
    const name = counterpartyName(rng, home);
    if (names.has(name)) continue;
    names.add(name);
    if (country === 'SE') {
      out.push(
        kind === 'supplier' && rng.chance(30)
          ? swedishPlusgiroParty(rng, name, rng.chance(55))
          : swedishBankgiroParty(rng, name, kind === 'customer' ? rng.chance(90) : rng.chance(70)),
      );
    } else {
      out.push({ name, account: null, usesOcr: false });
    }
  }
  return out;
}

export function generateProfiles(
  rng: Rng,
  companies: readonly DemoCompany[],
  plan: AccountPlan,
): CompanyProfile[] {
  return companies.map((company, index) => {
    const r = rng.fork(`company-${index}`);
    const currency = company.functionalCurrency;
    const own = plan.roles.filter((role) => role.company.id === company.id);
    const channels: ReceiptChannel[] = own
      .filter((role) => role.receiptShare > 0)
      .map((role) => ({
        accountId: role.account.id,
        currency: role.account.currency,
        share: role.receiptShare,
        viaBankgiro: role.account.bankgiro !== null,
      }));
    const operating = own.find((role) => role.receiptShare > 0 && role.account.currency === currency);
    if (!operating) throw new Error(`company ${company.name} has no operating account`);
    const payroll = own.find((role) => role.account.kind === 'payroll') ?? operating;
    const isParent = company.parentId === null;

    // Revenue per employee and month, SEK level: 115–145 kSEK (the parent, a holding, much less).
    const revenuePerEmployee = BigInt(r.int(115_000, 145_000)) * 100n;
    const revenueSek = (revenuePerEmployee * BigInt(company.employees)) / (isParent ? 4n : 1n);
    const monthlyRevenueMinor = localAmount(revenueSek, currency);
    const supplierShare = BigInt(r.int(380, 480));
    const grossSek = (BigInt(r.int(38_000, 56_000)) * 100n * BigInt(SALARY_LEVEL[company.country])) / 1000n;
    const grossSalaryPerEmployeeMinor = localAmount(grossSek, currency);
    const rentSek = BigInt(company.employees) * BigInt(r.int(2_200, 4_200)) * 100n;
    const loan =
      isParent || (company.country === 'SE' && r.chance(20))
        ? {
            principalMinor: localAmount(BigInt(r.int(40, 320)) * 1_000_000_00n, currency),
            rateBasisPoints: r.int(350, 560),
          }
        : null;
    const landlordParty =
      company.country === 'SE'
        ? swedishBankgiroParty(r, landlordName(r, 'SE'), true)
        : { name: landlordName(r, company.country), account: null, usesOcr: false };
    const landlord = {
      ...landlordParty,
      ocr: landlordParty.usesOcr ? createOcr(r.digits(8, true), { withLengthDigit: true }) : null,
    };
    return {
      company,
      code: 10 + index,
      currency,
      operatingAccountId: operating.account.id,
      payrollAccountId: payroll.account.id,
      receiptChannels: channels,
      monthlyRevenueMinor,
      monthlySupplierMinor: (monthlyRevenueMinor * supplierShare) / 1000n,
      vatPerMille: VAT_PER_MILLE[company.country],
      grossSalaryPerEmployeeMinor,
      employerChargesPerMille: EMPLOYER_CHARGES_PER_MILLE[company.country],
      customers: parties(r.fork('customers'), company.country, isParent ? 12 : r.int(40, 160), 'customer'),
      suppliers: parties(r.fork('suppliers'), company.country, r.int(25, 90), 'supplier'),
      landlord,
      monthlyRentMinor: localAmount(rentSek, currency),
      cardFeeMinor: localAmount(BigInt(r.int(150, 2_400)) * 100n, currency),
      managementFeeMinor: isParent ? 0n : (monthlyRevenueMinor * BigInt(r.int(15, 30))) / 1000n,
      loan,
      taxOcr:
        company.orgNumber !== null ? createOcr(`16${company.orgNumber}`, { withLengthDigit: false }) : null,
      firstInvoiceNumber: r.int(1_000_000, 2_000_000),
    };
  });
}
