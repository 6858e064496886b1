import { sql } from 'drizzle-orm';
import type { StatementBalance } from '../../banking/statements/model';
import type { Database } from '../db/client';

/**
 * The account's day's balance row, created from the closing balance of the day before when it is
 * missing (as the sandbox bank does), so that every later change has a row to move.
 */
async function ensureRow(tx: Database, tenantId: string, accountId: string, date: string): Promise<void> {
  await tx.execute(sql`
    insert into account_balances (tenant_id, account_id, balance_date, booked_minor, available_minor, source, as_of)
    select ${tenantId}, ${accountId}, ${date}::date,
      coalesce((select booked_minor from account_balances where account_id = ${accountId}
                and balance_date < ${date}::date order by balance_date desc limit 1), 0),
      coalesce((select available_minor from account_balances where account_id = ${accountId}
                and balance_date < ${date}::date order by balance_date desc limit 1), 0),
      'computed', now()
    on conflict (account_id, balance_date) do nothing`);
}

/** Money booked on `date` moves that day's balance and every later one. */
export async function moveBalances(
  tx: Database,
  tenantId: string,
  accountId: string,
  date: string,
  amountMinor: bigint,
): Promise<void> {
  await ensureRow(tx, tenantId, accountId, date);
  await tx.execute(sql`
    update account_balances
    set booked_minor = booked_minor + ${amountMinor.toString()}::bigint,
        available_minor = available_minor + ${amountMinor.toString()}::bigint,
        as_of = now()
    where account_id = ${accountId} and balance_date >= ${date}::date`);
}

/**
 * The bank's own closing (or interim) balances of a statement, one per date: booked from CLBD (else
 * ITBD), available from CLAV (else ITAV, else the booked one). Dates without a booked balance are
 * left alone: an available balance alone says nothing about what is booked.
 */
export function bankBalancesByDate(
  balances: readonly StatementBalance[],
): { date: string; bookedMinor: bigint; availableMinor: bigint }[] {
  const byDate = new Map<string, Partial<Record<StatementBalance['type'], bigint>>>();
  for (const balance of balances) {
    const day = byDate.get(balance.date) ?? {};
    day[balance.type] = balance.amountMinor;
    byDate.set(balance.date, day);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([date, day]) => {
      const booked = day.CLBD ?? day.ITBD;
      if (booked === undefined) return [];
      return [{ date, bookedMinor: booked, availableMinor: day.CLAV ?? day.ITAV ?? booked }];
    });
}

/**
 * Sets the day's balance to what the bank reported (source `bank`), and moves the later days that
 * were computed by the same difference, so they stay continuous with it; later days the bank
 * reported itself keep the bank's figures.
 */
export async function setBankBalance(
  tx: Database,
  tenantId: string,
  accountId: string,
  balance: { date: string; bookedMinor: bigint; availableMinor: bigint },
): Promise<void> {
  await ensureRow(tx, tenantId, accountId, balance.date);
  const booked = balance.bookedMinor.toString();
  const available = balance.availableMinor.toString();
  await tx.execute(sql`
    update account_balances later
    set booked_minor = later.booked_minor + (${booked}::bigint - day.booked_minor),
        available_minor = later.available_minor + (${available}::bigint - day.available_minor),
        as_of = now()
    from account_balances day
    where day.account_id = ${accountId} and day.balance_date = ${balance.date}::date
      and later.account_id = ${accountId} and later.balance_date > ${balance.date}::date
      and later.source <> 'bank'`);
  await tx.execute(sql`
    update account_balances
    set booked_minor = ${booked}::bigint, available_minor = ${available}::bigint, source = 'bank', as_of = now()
    where account_id = ${accountId} and balance_date = ${balance.date}::date`);
}
