import { addDays } from '../banking/dates';
import { createOcr } from '../banking/ocr';
import type { AccountPlan, AccountRole } from './accounts';
import { BANKS } from './accounts';
import {
  firstBankDayOfMonth,
  lastBankDayOfMonth,
  rentDayFor,
  salaryDay,
  skatteverketDueDay,
  bankDayOnOrAfter,
  unwrapDate,
  weekday,
} from './calendar';
import type { FxTable } from './fx';
import type { IdFactory } from './ids';
import type { InvoiceHistory } from './invoice-history';
import type {
  DemoAccountBalance,
  DemoCurrency,
  DemoLedgerDay,
  DemoOpenItem,
  DemoPeriod,
  DemoPlantedReceipt,
  DemoSize,
  DemoTransaction,
  TransactionCategory,
} from './model';
import { TAX_AUTHORITY } from './names';
import { WITHHELD_TAX_PER_MILLE, type CompanyProfile, type Party, type ReceiptChannel } from './profiles';
import { idiv, poisson, type Rng } from './rng';

/** What the group's savings account keeps when the cash pool draws on it: its own fees must never overdraw it. */
const SAVINGS_RESERVE_MINOR = 1_000_000n;

/**
 * The ledger engine: walks the bank days from `period.firstDay` to `period.lastDay` and yields, per
 * day, the transactions of every account and every account's closing balance. Balances are kept as
 * running sums of the transactions, starting from each account's opening balance, so
 * closing(d) = opening + Σ amounts booked on or before d holds by construction (and is tested).
 *
 * Order within a day: scheduled items (fees, rent, salaries, tax, management fees, interest), then
 * customer receipts and supplier payments, then end-of-day liquidity management (cash pool sweeps,
 * funding from and repatriation to the parent's treasury accounts, FX between treasury accounts).
 */

/** Per-mille seasonality of customer receipts, January..December (July holiday dip, December peak). */
export const RECEIPT_SEASON = [950, 1000, 1050, 1000, 1000, 1050, 550, 850, 1050, 1050, 1100, 1350] as const;
/** Per-mille seasonality of supplier payments. */
export const SUPPLIER_SEASON = [
  1000, 1000, 1100, 1000, 1000, 1000, 700, 900, 1000, 1000, 1100, 1200,
] as const;

/** Transactions per bank day scale with this factor: demo ≈ 18k transactions, large ≈ 1M. */
export const VOLUME: Record<DemoSize, number> = { demo: 1, large: 69 };

/** Receipts per bank day across the koncern at volume 1. */
export const RECEIPTS_PER_DAY = 20;
/** Supplier payments per month across the koncern at volume 1. */
export const SUPPLIER_PAYMENTS_PER_MONTH = 180;
/** Bank days per month, on average. */
const BANK_DAYS_PER_MONTH = 21;
/** Supplier payment runs per month (Tuesdays, Thursdays and the last bank day), on average. */
const PAYMENT_RUNS_PER_MONTH = 9;
/** Transactions older than this many calendar days before the last day are already reconciled. */
const RECONCILED_AFTER_DAYS = 14;

export type PlantedReceipt = DemoPlantedReceipt;

export interface LedgerInput {
  tenantId: string;
  size: DemoSize;
  period: DemoPeriod;
  bankDays: readonly string[];
  plan: AccountPlan;
  profiles: readonly CompanyProfile[];
  fx: FxTable;
  ids: IdFactory;
  rng: Rng;
  planted: readonly PlantedReceipt[];
  /** Writes the invoices the reconciled receipts and payments paid; draws on none of the ledger's streams. */
  invoiceHistory: InvoiceHistory;
}

interface AccountState {
  role: AccountRole;
  balance: bigint;
  refCounter: number;
  /** Where end-of-day liquidity management keeps this account's closing balance. */
  target: bigint;
  low: bigint;
  high: bigint;
}

interface MonthAccumulator {
  grossSalary: bigint;
  vatOutput: bigint;
  vatInput: bigint;
}

const MONTHS_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/** The documented VAT share of a VAT-inclusive amount: amount × v / (1000 + v), truncated. */
function vatPart(amountInclVat: bigint, vatPerMille: number): bigint {
  return (amountInclVat * BigInt(vatPerMille)) / BigInt(1000 + vatPerMille);
}

/** Typical amount × a triangular factor in [0.2, 1.8] (mean 1), with a 5 % tail of ×2–×6. */
export function drawAmount(rng: Rng, typical: bigint): bigint {
  let perMille = rng.int(100, 900) + rng.int(100, 900);
  if (rng.chance(5)) perMille *= rng.int(2, 6);
  const value = (typical * BigInt(perMille)) / 1000n;
  return value < 100n ? 100n : value;
}

/** Skewed pick: low indices (the big customers) are chosen more often. */
export function pickSkewed<T>(rng: Rng, items: readonly T[]): T {
  const i = Math.min(rng.int(0, items.length - 1), rng.int(0, items.length - 1));
  return items[i] as T;
}

/** The opening balance (and liquidity targets) of every account, from the profiles; no randomness. */
export function liquidityTargets(
  plan: AccountPlan,
  profiles: readonly CompanyProfile[],
): Map<string, bigint> {
  const byCompany = new Map(profiles.map((p) => [p.company.id, p]));
  const targets = new Map<string, bigint>();
  const sumByCurrency: Record<DemoCurrency, bigint> = { SEK: 0n, EUR: 0n, USD: 0n, NOK: 0n, DKK: 0n };
  for (const role of plan.roles) {
    const profile = byCompany.get(role.company.id);
    if (!profile || role.isTreasury || role.isSavings) continue;
    const monthlyOut =
      profile.monthlySupplierMinor + profile.grossSalaryPerEmployeeMinor * BigInt(role.company.employees);
    let target: bigint;
    if (role.account.kind === 'payroll') target = monthlyOut / 20n;
    else if (role.account.kind === 'savings') target = monthlyOut / 2n;
    else if (role.account.currency !== profile.currency) target = monthlyOut / 30n;
    else target = (monthlyOut * BigInt(Math.max(150, role.receiptShare) >> 1)) / 1000n;
    target = target < 1_000_000n ? 1_000_000n : (target / 100_000n) * 100_000n;
    targets.set(role.account.id, target);
    sumByCurrency[role.account.currency] += target;
  }
  for (const role of plan.roles) {
    if (!role.isTreasury && !role.isSavings) continue;
    const c = role.account.currency;
    const floor = sumByCurrency[c] < 5_000_000n ? 5_000_000n : sumByCurrency[c];
    targets.set(role.account.id, role.isSavings ? floor * 3n : floor * 2n);
  }
  return targets;
}

export function* generateLedger(input: LedgerInput): Generator<DemoLedgerDay> {
  const { tenantId, period, plan, profiles, fx, ids, rng, invoiceHistory } = input;
  const volume = VOLUME[input.size];
  const targets = liquidityTargets(plan, profiles);
  const states = new Map<string, AccountState>();
  const ordered: AccountState[] = [];
  for (const role of plan.roles) {
    const target = targets.get(role.account.id) ?? 0n;
    const state: AccountState = {
      role,
      balance: role.account.openingBalanceMinor,
      refCounter: 0,
      target,
      low: target / 2n,
      high: role.account.kind === 'cash_pool_sub' ? target * 2n : target * 3n,
    };
    states.set(role.account.id, state);
    ordered.push(state);
  }
  const stateOf = (accountId: string): AccountState => {
    const s = states.get(accountId);
    if (!s) throw new Error(`unknown account ${accountId}`);
    return s;
  };
  const top = stateOf(plan.cashPoolTopId);
  const savings = ordered.find((s) => s.role.isSavings) ?? null;
  const totalWeight = profiles.reduce((acc, p) => acc + p.company.weight, 0);

  const plantedByDate = new Map<string, PlantedReceipt[]>();
  for (const p of input.planted) {
    const list = plantedByDate.get(p.date) ?? [];
    list.push(p);
    plantedByDate.set(p.date, list);
  }

  let txnCounter = 0n;
  let e2eCounter = 0;
  const invoiceNumbers = profiles.map((p) => p.firstInvoiceNumber);
  const monthNow = profiles.map((): MonthAccumulator => ({ grossSalary: 0n, vatOutput: 0n, vatInput: 0n }));
  let monthPrev: MonthAccumulator[] | null = null;
  let currentMonth = '';
  const reconciledBefore = addDays(unwrapDate(period.lastDay), -RECONCILED_AFTER_DAYS);

  for (const date of input.bankDays) {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const dayRng = rng.fork(date);
    const txns: DemoTransaction[] = [];
    const paidInvoices: DemoOpenItem[] = [];
    const compact = date.replaceAll('-', '');
    const reconciliation = date < reconciledBefore ? 'reconciled' : 'unreconciled';

    if (date.slice(0, 7) !== currentMonth) {
      if (currentMonth !== '') {
        monthPrev = monthNow.map((m) => ({ ...m }));
        for (const m of monthNow) {
          m.grossSalary = 0n;
          m.vatOutput = 0n;
          m.vatInput = 0n;
        }
      }
      currentMonth = date.slice(0, 7);
    }

    const post = (
      accountId: string,
      amountMinor: bigint,
      category: TransactionCategory,
      fields: {
        counterpartyName?: string | null;
        counterpartyAccount?: string | null;
        ocr?: string | null;
        message?: string | null;
        endToEndId?: string | null;
        intraGroup?: boolean;
      },
    ): DemoTransaction | null => {
      if (amountMinor === 0n) return null;
      const state = stateOf(accountId);
      state.balance += amountMinor;
      state.refCounter += 1;
      const bank = BANKS[state.role.bankKey];
      const transaction: DemoTransaction = {
        id: ids.at('txn', txnCounter),
        tenantId,
        accountId,
        bookingDate: date,
        valueDate: date,
        amountMinor,
        currency: state.role.account.currency,
        counterpartyName: fields.counterpartyName ?? null,
        counterpartyAccount: fields.counterpartyAccount ?? null,
        ocr: fields.ocr ?? null,
        message: fields.message ?? null,
        bankReference: `${bank.refPrefix}${compact}${String(state.refCounter).padStart(7, '0')}`,
        endToEndId: fields.endToEndId ?? null,
        category,
        intraGroup: fields.intraGroup ?? false,
        reconciliationState: reconciliation,
      };
      txns.push(transaction);
      txnCounter += 1n;
      return transaction;
    };

    /** Both legs of a transfer between two of the koncern's accounts, sharing one end-to-end id. */
    const transfer = (
      fromId: string,
      toId: string,
      amountMinor: bigint,
      category: TransactionCategory,
      message: string,
    ): void => {
      if (amountMinor <= 0n) return;
      const from = stateOf(fromId);
      const to = stateOf(toId);
      e2eCounter += 1;
      const endToEndId = `IG${compact}${String(e2eCounter).padStart(8, '0')}`;
      let inAmount = amountMinor;
      if (from.role.account.currency !== to.role.account.currency) {
        // FX between treasury accounts: the SEK leg is the other leg's SEK value at the day's rate.
        if (from.role.account.currency === 'SEK') {
          inAmount = amountMinor;
          const sek = fx.toSek(amountMinor, to.role.account.currency, date);
          post(fromId, -sek, category, {
            counterpartyName: to.role.company.name,
            message,
            endToEndId,
            intraGroup: true,
            counterpartyAccount: to.role.account.iban,
          });
          post(toId, inAmount, category, {
            counterpartyName: from.role.company.name,
            message,
            endToEndId,
            intraGroup: true,
            counterpartyAccount: from.role.account.iban,
          });
          return;
        }
        const sek = fx.toSek(amountMinor, from.role.account.currency, date);
        post(fromId, -amountMinor, category, {
          counterpartyName: to.role.company.name,
          message,
          endToEndId,
          intraGroup: true,
          counterpartyAccount: to.role.account.iban,
        });
        post(toId, sek, category, {
          counterpartyName: from.role.company.name,
          message,
          endToEndId,
          intraGroup: true,
          counterpartyAccount: from.role.account.iban,
        });
        return;
      }
      post(fromId, -amountMinor, category, {
        counterpartyName: to.role.company.name,
        counterpartyAccount: to.role.account.iban,
        message,
        endToEndId,
        intraGroup: true,
      });
      post(toId, inAmount, category, {
        counterpartyName: from.role.company.name,
        counterpartyAccount: from.role.account.iban,
        message,
        endToEndId,
        intraGroup: true,
      });
    };

    const monthName = MONTHS_SV[month - 1] ?? '';
    const isFirstBankDay = date === firstBankDayOfMonth(year, month);
    const isLastBankDay = date === lastBankDayOfMonth(year, month);
    const nextMonth = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };

    // --- Scheduled items -------------------------------------------------------------------------
    profiles.forEach((p, index) => {
      const sv = p.company.country === 'SE';
      const acc = monthNow[index];
      if (!acc) return;

      if (isFirstBankDay) {
        for (const s of ordered) {
          if (s.role.company.id !== p.company.id) continue;
          const fee =
            s.role.account.currency === 'SEK' || s.role.account.currency === 'NOK'
              ? 9_500n
              : s.role.account.currency === 'DKK'
                ? 6_500n
                : 900n;
          post(s.role.account.id, -fee, 'bank_fee', {
            counterpartyName: s.role.account.bankName,
            message: sv ? `Kontoavgift ${monthName}` : `Account fee ${month}/${year}`,
          });
        }
        post(p.operatingAccountId, -p.cardFeeMinor, 'card_fee', {
          counterpartyName: BANKS[stateOf(p.operatingAccountId).role.bankKey].name,
          message: sv ? `Kortavgift företagskort ${monthName}` : `Corporate card fees ${month}/${year}`,
        });
      }

      if (date === rentDayFor(nextMonth.y, nextMonth.m)) {
        const rent = p.monthlyRentMinor + vatPartInverse(p.monthlyRentMinor, p.vatPerMille);
        post(p.operatingAccountId, -rent, 'rent', {
          counterpartyName: p.landlord.name,
          counterpartyAccount: p.landlord.account,
          ocr: p.landlord.ocr,
          message: p.landlord.ocr
            ? null
            : sv
              ? `Hyra ${MONTHS_SV[nextMonth.m - 1] ?? ''} ${nextMonth.y}`
              : `Rent ${nextMonth.m}/${nextMonth.y}`,
        });
        acc.vatInput += vatPart(rent, p.vatPerMille);
      }

      const payday = sv ? salaryDay(year, month) : lastBankDayOfMonth(year, month);
      if (date === payday) {
        let gross = p.grossSalaryPerEmployeeMinor * BigInt(p.company.employees);
        if (sv && month === 6) gross = (gross * 112n) / 100n; // semesterersättning
        if (month === 12) gross = (gross * 105n) / 100n; // year-end bonuses
        const net = gross - (gross * BigInt(WITHHELD_TAX_PER_MILLE)) / 1000n;
        post(p.payrollAccountId, -net, 'salary', {
          counterpartyName: sv ? 'Bankgirot Löner' : 'Payroll',
          message: sv ? `Löneutbetalning ${monthName} ${year}` : `Salaries ${month}/${year}`,
          endToEndId: `SAL${compact}${p.code}`,
        });
        acc.grossSalary += gross;
      }

      const taxDay = sv ? skatteverketDueDay(year, month) : bankDayOnOrAfter(`${currentMonth}-15`);
      if (date === taxDay) {
        const prevIndex = monthPrev?.[index];
        const lastGross = prevIndex
          ? prevIndex.grossSalary
          : p.grossSalaryPerEmployeeMinor * BigInt(p.company.employees);
        const vatNet = prevIndex
          ? prevIndex.vatOutput - prevIndex.vatInput
          : vatPart(p.monthlyRevenueMinor - p.monthlySupplierMinor, p.vatPerMille);
        const payrollTax = (lastGross * BigInt(WITHHELD_TAX_PER_MILLE + p.employerChargesPerMille)) / 1000n;
        const prevMonth = month === 1 ? 12 : month - 1;
        if (sv) {
          post(p.operatingAccountId, -payrollTax, 'employer_tax', {
            counterpartyName: 'Skatteverket',
            counterpartyAccount: 'BG 5050-1055',
            ocr: p.taxOcr,
            message: null,
          });
          if (vatNet > 0n) {
            post(p.operatingAccountId, -vatNet, 'vat', {
              counterpartyName: 'Skatteverket',
              counterpartyAccount: 'BG 5050-1055',
              ocr: p.taxOcr,
              message: null,
            });
          }
        } else {
          post(p.operatingAccountId, -(payrollTax + (vatNet > 0n ? vatNet : 0n)), 'tax', {
            counterpartyName: TAX_AUTHORITY[p.company.country],
            message: `Payroll taxes and VAT ${prevMonth}/${month === 1 ? year - 1 : year}`,
          });
        }
      }

      if (p.managementFeeMinor > 0n && date === bankDayOnOrAfter(`${currentMonth}-20`)) {
        const toId = plan.treasury[p.currency];
        transfer(
          p.operatingAccountId,
          toId,
          p.managementFeeMinor,
          'management_fee',
          `Management fee ${monthName} ${year}`,
        );
      }

      if (p.loan && isLastBankDay && month % 3 === 0) {
        const interest = (p.loan.principalMinor * BigInt(p.loan.rateBasisPoints)) / 40_000n;
        post(p.operatingAccountId, -interest, 'loan_interest', {
          counterpartyName: BANKS[stateOf(p.operatingAccountId).role.bankKey].name,
          message: sv ? `Ränta lån ${year} kv${month / 3}` : `Loan interest Q${month / 3} ${year}`,
        });
      }
    });

    if (isLastBankDay) {
      // Credit interest on the treasury's SEK accounts (cash pool top, savings): 1.5 % / 2.25 % a year.
      for (const s of [top, savings]) {
        if (!s || s.balance <= 0n) continue;
        const bp = s === top ? 150n : 225n;
        post(s.role.account.id, (s.balance * bp) / 120_000n, 'interest', {
          counterpartyName: s.role.account.bankName,
          message: `Ränta ${monthName} ${year}`,
        });
      }
    }

    // --- Customer receipts ---------------------------------------------------------------------
    profiles.forEach((p, index) => {
      const acc = monthNow[index];
      if (!acc) return;
      const receipts = drawCustomerReceipts(dayRng, p, date, volume, totalWeight);
      for (const { channel, customer, amountMinor: amount } of receipts) {
        const invoice = invoiceNumbers[index] ?? 0;
        invoiceNumbers[index] = invoice + 1;
        const withOcr = channel.viaBankgiro && customer.usesOcr;
        const receipt = post(channel.accountId, amount, 'customer_receipt', {
          counterpartyName: customer.name,
          counterpartyAccount: channel.viaBankgiro ? customer.account : null,
          ocr: withOcr ? createOcr(`${p.code}${invoice}`, { withLengthDigit: true }) : null,
          message: withOcr ? null : p.company.country === 'SE' ? `Faktura ${invoice}` : `Invoice ${invoice}`,
        });
        // The unreconciled last days stay as they are: the match queue's ground truth is derived from them.
        if (receipt && reconciliation === 'reconciled')
          paidInvoices.push(invoiceHistory.customerInvoice(receipt, p, invoice));
        if (channel.currency === p.currency) acc.vatOutput += vatPart(amount, p.vatPerMille);
      }
    });
    for (const planted of plantedByDate.get(date) ?? []) {
      post(planted.accountId, planted.amountMinor, 'customer_receipt', {
        counterpartyName: planted.counterpartyName,
        counterpartyAccount: planted.counterpartyAccount,
        ocr: planted.ocr,
        message: planted.message,
      });
    }

    // --- Supplier payment runs (Tuesdays, Thursdays and the last bank day of the month) -----------
    if (isPaymentRunDay(date)) {
      profiles.forEach((p, index) => {
        const acc = monthNow[index];
        if (!acc) return;
        const payments = drawSupplierPayments(dayRng, p, date, volume, totalWeight);
        for (const { supplier, amountMinor: amount, theirInvoice, ocr } of payments) {
          e2eCounter += 1;
          const payment = post(p.operatingAccountId, -amount, 'supplier_payment', {
            counterpartyName: supplier.name,
            counterpartyAccount: supplier.account,
            ocr,
            message: supplier.usesOcr
              ? null
              : p.company.country === 'SE'
                ? `Fakt ${theirInvoice}`
                : `Invoice ${theirInvoice}`,
            endToEndId: `PAY${compact}${String(e2eCounter).padStart(8, '0')}`,
          });
          if (payment && reconciliation === 'reconciled')
            paidInvoices.push(invoiceHistory.supplierInvoice(payment, p, theirInvoice));
          acc.vatInput += vatPart(amount, p.vatPerMille);
        }
      });
    }

    // --- End-of-day liquidity management ---------------------------------------------------------
    for (const s of ordered) {
      const role = s.role;
      if (role.isTreasury || role.isSavings) continue;
      if (role.account.kind === 'savings') {
        // A subsidiary's savings account is left alone unless fees would pull it below zero.
        if (s.balance < 0n)
          transfer(
            plan.treasury[role.account.currency],
            role.account.id,
            s.target - s.balance,
            'intra_group_funding',
            'Koncernfinansiering',
          );
        continue;
      }
      if (s.balance >= s.low && s.balance <= s.high) continue;
      const treasuryId = plan.treasury[role.account.currency];
      const pooled = role.account.kind === 'cash_pool_sub';
      const category: TransactionCategory = pooled ? 'cash_pool_sweep' : 'intra_group_funding';
      if (s.balance < s.low) {
        transfer(
          treasuryId,
          role.account.id,
          s.target - s.balance,
          category,
          pooled ? 'Koncernkonto: påfyllnad' : 'Intra-group funding',
        );
      } else {
        transfer(
          role.account.id,
          treasuryId,
          s.balance - s.target,
          category,
          pooled ? 'Koncernkonto: toppning' : 'Intra-group cash repatriation',
        );
      }
    }
    for (const s of ordered) {
      if (!s.role.isTreasury || s === top) continue;
      const floor = s.target / 2n;
      const ceiling = s.target * 3n;
      if (s.balance < floor) {
        // The koncernkonto pays for the currency, drawing on the savings account first when it is
        // short; what savings cannot cover goes on the koncernkonto's credit line.
        const need = s.target - s.balance;
        const sekCost = fx.toSek(need, s.role.account.currency, date);
        if (savings && top.balance < sekCost + top.target / 2n) {
          const withdrawable = savings.balance - SAVINGS_RESERVE_MINOR;
          const shortfall = sekCost + top.target / 2n - top.balance;
          transfer(
            savings.role.account.id,
            top.role.account.id,
            shortfall < withdrawable ? shortfall : withdrawable,
            'intra_group_funding',
            'Uttag från placeringskonto',
          );
        }
        transfer(
          top.role.account.id,
          s.role.account.id,
          need,
          'fx_transfer',
          `Valutaköp ${s.role.account.currency}`,
        );
      } else if (s.balance > ceiling) {
        transfer(
          s.role.account.id,
          top.role.account.id,
          s.balance - s.target,
          'fx_transfer',
          `Valutaförsäljning ${s.role.account.currency}`,
        );
      }
    }
    if (savings) {
      const floor = top.target / 2n;
      if (top.balance > top.target * 3n) {
        transfer(
          top.role.account.id,
          savings.role.account.id,
          top.balance - top.target,
          'intra_group_funding',
          'Placering överskottslikviditet',
        );
      } else if (top.balance < floor && savings.balance > SAVINGS_RESERVE_MINOR) {
        const need = top.target - top.balance;
        const withdrawable = savings.balance - SAVINGS_RESERVE_MINOR;
        transfer(
          savings.role.account.id,
          top.role.account.id,
          need < withdrawable ? need : withdrawable,
          'intra_group_funding',
          'Uttag från placeringskonto',
        );
      }
    }

    const asOf = `${date}T22:00:00.000Z`;
    const balances: DemoAccountBalance[] = ordered.map((s) => ({
      tenantId,
      accountId: s.role.account.id,
      balanceDate: date,
      bookedMinor: s.balance,
      availableMinor: s === top ? s.balance + overdraftLimit(top.target) : s.balance,
      source: 'computed',
      asOf,
    }));
    yield { date, transactions: txns, balances, paidInvoices };
  }
}

/** One customer receipt as the ledger draws it: the channel it arrives on, the customer, the amount in the channel's currency. */
export interface DrawnReceipt {
  channel: ReceiptChannel;
  customer: Party;
  amountMinor: bigint;
}

/**
 * A company's customer receipts on bank day `date`: a Poisson count around its share of the
 * koncern's receipts (× `volume`, the month's season and the day of the month: many around the
 * turn of the month), each on a channel, from a customer and of an amount drawn from `rng`. The
 * ledger posts them; the open items draw the coming days' receipts the same way, so today's
 * receivables are the invoices those receipts will pay.
 */
export function drawCustomerReceipts(
  rng: Rng,
  p: CompanyProfile,
  date: string,
  volume: number,
  totalWeight: number,
): DrawnReceipt[] {
  if (p.customers.length === 0) return [];
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const season = RECEIPT_SEASON[month - 1] ?? 1000;
  const dom = day >= 25 ? 1500 : day <= 5 ? 1100 : 850;
  const meanPerMilleDay = idiv(RECEIPTS_PER_DAY * volume * p.company.weight * 1000, totalWeight);
  const count = poisson(rng, idiv(meanPerMilleDay * season * dom, 1_000_000));
  const expectedPerMonth = BigInt(Math.max(1, idiv(meanPerMilleDay * BANK_DAYS_PER_MONTH, 1000)));
  const inclVat = p.monthlyRevenueMinor + vatPartInverse(p.monthlyRevenueMinor, p.vatPerMille);
  const typical = inclVat / expectedPerMonth;
  const receipts: DrawnReceipt[] = [];
  for (let i = 0; i < count; i++) {
    const channel = rng.weighted(p.receiptChannels.map((c) => [c, c.share] as const));
    const customer = pickSkewed(rng, p.customers);
    let amountMinor = drawAmount(rng, typical);
    if (channel.currency !== p.currency) amountMinor = amountMinor / 10n; // a foreign-currency customer: smaller share
    receipts.push({ channel, customer, amountMinor });
  }
  return receipts;
}

/** Supplier payment runs: Tuesdays, Thursdays and the last bank day of the month. */
export function isPaymentRunDay(date: string): boolean {
  const wd = weekday(date);
  return (
    wd === 2 || wd === 4 || date === lastBankDayOfMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)))
  );
}

/** One supplier payment as the ledger draws it: paid from the operating account, in the company's currency. */
export interface DrawnSupplierPayment {
  supplier: Party;
  amountMinor: bigint;
  /** The supplier's invoice number. */
  theirInvoice: string;
  /** Its OCR, when the supplier uses them (with or without a length digit, as suppliers do). */
  ocr: string | null;
}

/**
 * A company's supplier payments in the run on `date` (a payment run day): a Poisson count around its
 * share of the koncern's payments per month (× `volume` and the month's season) spread over the
 * month's runs. Shared by the ledger and the open payables, like `drawCustomerReceipts`.
 */
export function drawSupplierPayments(
  rng: Rng,
  p: CompanyProfile,
  date: string,
  volume: number,
  totalWeight: number,
): DrawnSupplierPayment[] {
  if (p.suppliers.length === 0) return [];
  const month = Number(date.slice(5, 7));
  const sSeason = SUPPLIER_SEASON[month - 1] ?? 1000;
  const perMonthPerMille = idiv(SUPPLIER_PAYMENTS_PER_MONTH * volume * p.company.weight * 1000, totalWeight);
  const count = poisson(rng, idiv(perMonthPerMille * sSeason, PAYMENT_RUNS_PER_MONTH * 1000));
  const expectedPerMonth = BigInt(Math.max(1, idiv(perMonthPerMille, 1000)));
  const inclVat = p.monthlySupplierMinor + vatPartInverse(p.monthlySupplierMinor, p.vatPerMille);
  const typical = inclVat / expectedPerMonth;
  const payments: DrawnSupplierPayment[] = [];
  for (let i = 0; i < count; i++) {
    const supplier = pickSkewed(rng, p.suppliers);
    const amountMinor = drawAmount(rng, typical);
    const theirInvoice = rng.digits(rng.int(5, 9), true);
    const ocr = supplier.usesOcr ? createOcr(theirInvoice, { withLengthDigit: rng.chance(50) }) : null;
    payments.push({ supplier, amountMinor, theirInvoice, ocr });
  }
  return payments;
}

/** The VAT on a VAT-exclusive amount: amount × v / 1000, truncated. */
export function vatPartInverse(amountExclVat: bigint, vatPerMille: number): bigint {
  return (amountExclVat * BigInt(vatPerMille)) / 1000n;
}

/** The cash pool top's overdraft facility (checkräkningskredit): its target, rounded to whole millions. */
export function overdraftLimit(topTarget: bigint): bigint {
  const million = 1_000_000_00n;
  const limit = (topTarget / million) * million;
  return limit < million ? million : limit;
}
