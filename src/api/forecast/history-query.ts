import { sql } from 'drizzle-orm';
import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { InvoiceHistory, knownInvoiceFlows } from './invoice-history';
import { loadInvoices } from './invoice-query';
import { expectedBankDay, type KnownFlow } from './known-flows';
import { recurringObservations } from './counterparties';
import { MIN_OCCURRENCES } from './recurrence';
import { RECURRING_CATEGORIES, type RecurringObservation } from './recurring';
import type { SettledInvoiceCache } from './settled-invoices';

/*
 * What the forecast reads, for a whole koncern at once (companies and accounts are then scopes of
 * it): two years of daily flows and balances, the recurring categories' transactions, the reference
 * rates, and the known flows. Every query names the tenant; row-level security checks it again.
 */

/**
 * The first day of the history read on `today`: the first of the month three years back, so at least two years
 * and a year (last year's same week has its own last year). A history that started a day later every day would
 * change what every earlier forecast read, and the bands' fifty earlier forecasts (calibration.ts) would all be
 * worked out again each morning; this way on the first of the month.
 */
export function historyStart(today: IsoDate): IsoDate {
  return `${String(Number(today.slice(0, 4)) - 3).padStart(4, '0')}-${today.slice(5, 7)}-01` as IsoDate;
}

export interface ForecastAccount {
  id: string;
  name: string;
  companyId: string;
  companyName: string;
  currency: string;
}

export interface DailyFlow {
  inflow: bigint;
  outflow: bigint;
  intraNet: bigint;
}

export interface KoncernHistory {
  from: IsoDate;
  to: IsoDate;
  accounts: ForecastAccount[];
  /** Per account: external and intra-group flows per booking day. */
  flows: Map<string, Map<IsoDate, DailyFlow>>;
  /** Per account: the balance the history starts from (on or before `from`, else the account's first). */
  anchors: Map<string, { date: IsoDate; minor: bigint }>;
  /** Per account: the latest balance on or before `to`. */
  latest: Map<string, { date: IsoDate; minor: bigint }>;
  /** Per foreign currency: reference rates (SEK per unit) by date, ascending. */
  rates: Map<string, { date: IsoDate; rate: string }[]>;
  recurring: RecurringObservation[];
  known: KnownFlow[];
  /** The koncern's open items, and those settled since `from`, with when each was issued and paid. */
  invoices: InvoiceHistory;
}

const textArray = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;

export async function loadKoncernHistory(
  tx: Database,
  tenantId: string,
  koncernId: string,
  today: IsoDate,
  settled?: SettledInvoiceCache,
): Promise<KoncernHistory> {
  const from = historyStart(today);
  const accounts = await selectRows<ForecastAccount>(
    tx,
    sql`select a.id, a.name, a.company_id as "companyId", c.name as "companyName", a.currency::text as currency
        from bank_accounts a join companies c on c.id = a.company_id
        where a.tenant_id = ${tenantId} and c.tenant_id = ${tenantId} and c.koncern_id = ${koncernId}
        order by a.id collate "C"`,
  );
  const ids = accounts.map((a) => a.id);
  const currencyOf = new Map(accounts.map((a) => [a.id, a.currency]));
  const history: KoncernHistory = {
    from,
    to: today,
    accounts,
    flows: new Map(ids.map((id) => [id, new Map<IsoDate, DailyFlow>()])),
    anchors: new Map(),
    latest: new Map(),
    rates: new Map(),
    recurring: [],
    known: [],
    invoices: InvoiceHistory.of([], [], [], []),
  };
  if (ids.length === 0) return history;

  const flowRows = await selectRows<{
    account_id: string;
    day: IsoDate;
    inflow: string;
    outflow: string;
    intra: string;
  }>(
    tx,
    sql`select account_id, flow_date::text as day, sum(inflow_minor)::text as inflow, sum(outflow_minor)::text as outflow,
          sum(intra_inflow_minor + intra_outflow_minor)::text as intra
        from account_daily_flows
        where tenant_id = ${tenantId} and account_id = any(${textArray(ids)})
          and flow_date between ${from}::date and ${today}::date
        group by account_id, flow_date`,
  );
  for (const row of flowRows) {
    history.flows.get(row.account_id)?.set(row.day, {
      inflow: BigInt(row.inflow),
      outflow: BigInt(row.outflow),
      intraNet: BigInt(row.intra),
    });
  }

  // Each account's balance where its history starts (the latest on or before `from`, else its first), and
  // its latest balance: the days between follow from the daily flows, kept in step with the transactions.
  const balanceRows = await selectRows<{ account_id: string; which: string; day: IsoDate; minor: string }>(
    tx,
    sql`select a.id as account_id, b.which, b.balance_date::text as day, b.booked_minor::text as minor
        from unnest(${textArray(ids)}) as a(id)
        cross join lateral (
          (select 'before' as which, ab.balance_date, ab.booked_minor from account_balances ab
           where ab.account_id = a.id and ab.balance_date <= ${from}::date
           order by ab.account_id desc, ab.balance_date desc limit 1)
          union all
          (select 'first', ab.balance_date, ab.booked_minor from account_balances ab
           where ab.account_id = a.id and ab.balance_date > ${from}::date and ab.balance_date <= ${today}::date
           order by ab.account_id, ab.balance_date limit 1)
          union all
          (select 'latest', ab.balance_date, ab.booked_minor from account_balances ab
           where ab.account_id = a.id and ab.balance_date <= ${today}::date
           order by ab.account_id desc, ab.balance_date desc limit 1)
        ) b
        where exists (select 1 from bank_accounts owned where owned.id = a.id and owned.tenant_id = ${tenantId})`,
  );
  for (const row of balanceRows) {
    const balance = { date: row.day, minor: BigInt(row.minor) };
    if (row.which === 'latest') history.latest.set(row.account_id, balance);
    else if (row.which === 'before' || !history.anchors.has(row.account_id)) {
      history.anchors.set(row.account_id, balance);
    }
  }

  const foreign = [...new Set(accounts.map((a) => a.currency))].filter((c) => c !== 'SEK');
  if (foreign.length > 0) {
    const rateRows = await selectRows<{ currency: string; day: IsoDate; rate: string }>(
      tx,
      sql`select f.currency::text as currency, f.rate_date::text as day, f.sek_per_unit::text as rate
          from fx_rates f
          where f.currency = any(${textArray(foreign)}) and f.rate_date <= ${today}::date
          order by f.currency, f.rate_date`,
    );
    for (const row of rateRows) {
      const list = history.rates.get(row.currency) ?? [];
      list.push({ date: row.day, rate: row.rate });
      history.rates.set(row.currency, list);
    }
  }

  history.recurring = await loadRecurringObservations(tx, tenantId, ids, from, today, currencyOf);
  // Known flows: payment batches, and the receivables and payables open today.
  history.invoices = await loadInvoices(tx, tenantId, history, settled);
  history.known = [
    ...(await loadPaymentBatchFlows(tx, tenantId, today, history)),
    ...knownInvoiceFlows(history.invoices.scope(null), today),
  ];
  return history;
}

interface RecurringRow {
  account_id: string;
  category: string | null;
  intra: boolean;
  day: IsoDate;
  name: string | null;
  account: string | null;
  minor: string;
}

/**
 * The transactions that may recur, summed per account, category, counterparty and day: those of the
 * recurring categories, and those without a category (bank files carry none) whose counterparty the
 * account paid or was paid by in at least three months, the fewest a series has. Each gets its
 * counterparty's key; an uncategorised one joins its counterparty's category where there is one.
 * Uncategorised intra-group transfers are left out: without a category a management fee cannot be told
 * from funding, which is decided later and is not forecast (engine.ts).
 */
async function loadRecurringObservations(
  tx: Database,
  tenantId: string,
  ids: readonly string[],
  from: IsoDate,
  today: IsoDate,
  currencyOf: ReadonlyMap<string, string>,
): Promise<RecurringObservation[]> {
  const categorised = await selectRows<RecurringRow>(
    tx,
    sql`select t.account_id, t.category, t.intra_group as intra, t.booking_date::text as day,
          t.counterparty_name as name, t.counterparty_account as account, sum(t.amount_minor)::text as minor
        from transactions t
        where t.tenant_id = ${tenantId} and t.category = any(${textArray(RECURRING_CATEGORIES)})
          and t.booking_date between ${from}::date and ${today}::date
          and t.account_id = any(${textArray(ids)})
        group by t.account_id, t.category, t.intra_group, t.booking_date, t.counterparty_name, t.counterparty_account
        order by t.account_id, t.category, t.booking_date, t.counterparty_name, t.counterparty_account`,
  );
  const uncategorised = await selectRows<RecurringRow>(
    tx,
    sql`with uncategorised as materialized (
          select t.account_id, t.intra_group, t.booking_date, t.amount_minor, t.counterparty_name, t.counterparty_account,
            sign(t.amount_minor) as direction, date_trunc('month', t.booking_date) as month
          from transactions t
          where t.tenant_id = ${tenantId} and t.category is null and not t.intra_group
            and t.booking_date between ${from}::date and ${today}::date
            and t.account_id = any(${textArray(ids)})
            and (t.counterparty_name is not null or t.counterparty_account is not null)
        ),
        by_name as (
          select account_id, direction, lower(counterparty_name) as name from uncategorised
          where counterparty_name is not null
          group by 1, 2, 3 having count(distinct month) >= ${MIN_OCCURRENCES}
        ),
        by_account as (
          select account_id, direction, counterparty_account as account from uncategorised
          where counterparty_account is not null
          group by 1, 2, 3 having count(distinct month) >= ${MIN_OCCURRENCES}
        )
        select u.account_id, null as category, u.intra_group as intra, u.booking_date::text as day,
          u.counterparty_name as name, u.counterparty_account as account, sum(u.amount_minor)::text as minor
        from uncategorised u
        where exists (select 1 from by_name n where n.account_id = u.account_id and n.direction = u.direction
                        and n.name = lower(u.counterparty_name))
           or exists (select 1 from by_account a where a.account_id = u.account_id and a.direction = u.direction
                        and a.account = u.counterparty_account)
        group by u.account_id, u.intra_group, u.booking_date, u.counterparty_name, u.counterparty_account
        order by u.account_id, u.booking_date, u.counterparty_name, u.counterparty_account`,
  );
  return recurringObservations(
    [...categorised, ...uncategorised].map((row) => ({
      accountId: row.account_id,
      currency: currencyOf.get(row.account_id) ?? 'SEK',
      category: row.category,
      intraGroup: row.intra,
      date: row.day,
      amountMinor: BigInt(row.minor),
      name: row.name,
      account: row.account,
    })),
  );
}

/** The pending lines of approved and scheduled payment batches, on their execution dates. */
async function loadPaymentBatchFlows(
  tx: Database,
  tenantId: string,
  today: IsoDate,
  history: KoncernHistory,
): Promise<KnownFlow[]> {
  const ids = history.accounts.map((a) => a.id);
  const lines = await selectRows<{
    batch_id: string;
    creditor: string;
    account_id: string;
    currency: string;
    day: IsoDate;
    minor: string;
  }>(
    tx,
    sql`select l.batch_id, l.creditor_name as creditor, b.debtor_account_id as account_id,
          l.currency::text as currency, l.execution_date::text as day, l.amount_minor::text as minor
        from payment_lines l join payment_batches b on b.id = l.batch_id
        where b.tenant_id = ${tenantId} and l.tenant_id = ${tenantId}
          and b.status in ('approved', 'sent_to_bank', 'accepted') and l.status = 'pending'
          and b.debtor_account_id = any(${textArray(ids)})
        order by l.batch_id, l.position`,
  );
  return lines.map((l) => ({
    source: 'payment_batch',
    reference: l.batch_id,
    counterparty: l.creditor,
    accountId: l.account_id,
    currency: l.currency,
    date: expectedBankDay(l.day, today),
    scheduledDate: l.day,
    amountMinor: -BigInt(l.minor),
  }));
}
