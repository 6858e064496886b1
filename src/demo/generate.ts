import { generateAccounts } from './accounts';
import { bankDaysBetween, periodFor, unwrapDate } from './calendar';
import { FxTable, generateFxRates } from './fx';
import { IdFactory } from './ids';
import type {
  DemoAccountBalance,
  DemoDataset,
  DemoLedgerDay,
  DemoOpenItem,
  DemoOptions,
  DemoTransaction,
} from './model';
import { InvoiceHistory } from './invoice-history';
import { generateOpenItems } from './open-items';
import { generateOrganisation } from './organisation';
import { generateProfiles } from './profiles';
import { Rng } from './rng';
import { generateLedger, liquidityTargets, type PlantedReceipt } from './transactions';

export const DEFAULT_TENANT_NAME = 'demo';

/** The last bank days before `today` on which the planted (paid but still open) receivables are paid. */
const PLANTED_WINDOW_BANK_DAYS = 8;

/**
 * The deterministic demo koncern. Pure: no I/O, no clock, no Math.random — the same options give
 * byte-identical output. Everything except the ledger is materialised here (a few thousand rows);
 * `dataset.ledger()` streams the transactions and daily balances day by day, with the settled invoice
 * history behind the reconciled customer receipts and supplier payments (one invoice per payment, so
 * as large as the ledger's share of them: it streams too).
 *
 * Opening balances: each account has one balance row dated `period.openingDate` (source 'bank'),
 * the bank day before the first transaction. There is no "opening balance" transaction, so cashflow
 * reports are not distorted; every later closing balance is opening + the day's and earlier
 * transactions.
 */
export function generateDemoTenant(options: DemoOptions): DemoDataset {
  const opts: Required<DemoOptions> = {
    seed: options.seed,
    size: options.size,
    today: unwrapDate(options.today),
    tenantName: options.tenantName ?? DEFAULT_TENANT_NAME,
  };
  const root = new Rng(opts.seed, 'finvis-demo');
  const ids = new IdFactory(opts.seed, opts.tenantName);
  const period = periodFor(opts.today);

  const organisation = generateOrganisation(root.fork('organisation'), ids, opts.tenantName);
  const plan = generateAccounts(root.fork('accounts'), ids, organisation.companies, period.openingDate);
  const profiles = generateProfiles(root.fork('profiles'), organisation.companies, plan);

  const targets = liquidityTargets(plan, profiles);
  for (const role of plan.roles) role.account.openingBalanceMinor = targets.get(role.account.id) ?? 0n;

  const bankDays = bankDaysBetween(period.firstDay, period.lastDay);
  const fxRates = generateFxRates(root.fork('fx'), [period.openingDate, ...bankDays]);
  const fx = new FxTable(fxRates);

  const { openItems, planted } = generateOpenItems(
    root.fork('open-items'),
    ids,
    organisation.tenant.id,
    profiles,
    period,
    bankDays.slice(-PLANTED_WINDOW_BANK_DAYS),
    { seed: opts.seed, size: opts.size },
  );

  const bankAccounts = plan.roles.map((r) => r.account);
  const openingBalances: DemoAccountBalance[] = bankAccounts.map((a) => ({
    tenantId: organisation.tenant.id,
    accountId: a.id,
    balanceDate: period.openingDate,
    bookedMinor: a.openingBalanceMinor,
    availableMinor: a.openingBalanceMinor,
    source: 'bank',
    asOf: `${period.openingDate}T22:00:00.000Z`,
  }));

  const ledgerSeed = opts.seed;
  const tenantName = opts.tenantName;
  return {
    options: opts,
    period,
    tenant: organisation.tenant,
    koncerner: [organisation.koncern],
    companies: organisation.companies,
    bankAccounts,
    fxRates,
    openItems,
    openingBalances,
    planted,
    ledger(): Iterable<DemoLedgerDay> {
      return generateLedger({
        tenantId: organisation.tenant.id,
        size: opts.size,
        period,
        bankDays,
        plan,
        profiles,
        fx,
        // Fresh id factory and random stream per call: every iteration yields the same ledger.
        ids: new IdFactory(ledgerSeed, tenantName),
        rng: new Rng(ledgerSeed, `finvis-demo/ledger/${opts.size}`),
        planted,
        invoiceHistory: new InvoiceHistory(ledgerSeed, tenantName, organisation.tenant.id),
      });
    },
  };
}

/** The whole ledger in memory (for the demo size and tests; do not call it on `large`). */
export function collectLedger(dataset: DemoDataset): {
  transactions: DemoTransaction[];
  balances: DemoAccountBalance[];
  paidInvoices: DemoOpenItem[];
} {
  const transactions: DemoTransaction[] = [];
  const balances: DemoAccountBalance[] = [...dataset.openingBalances];
  const paidInvoices: DemoOpenItem[] = [];
  for (const day of dataset.ledger()) {
    for (const t of day.transactions) transactions.push(t);
    for (const b of day.balances) balances.push(b);
    for (const i of day.paidInvoices) paidInvoices.push(i);
  }
  return { transactions, balances, paidInvoices };
}

export type { PlantedReceipt };
