import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { bankgiroWithCheckDigit } from '../../banking/bankgiro';
import { todayInStockholm, type IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { paymentLines, transactions } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { newId } from '../ids';
import { batchLines, lockBatch, moveBatch, type Actor, type BatchRow } from '../payments/batches';
import { publicTransaction } from '../repositories/ledger-transactions';
import { recordEvents } from '../webhooks/events';

/**
 * The sandbox bank: a simulated bank that takes approved batches and answers like a real one, one
 * step at a time: approved → sent_to_bank → accepted (or rejected, when a line pays a closed bankgiro)
 * → executed, booking the outgoing transactions on the debtor account on each line's execution date
 * and moving the balances, in the same transaction as the status change.
 */

/** A bankgiro number the sandbox bank treats as closed: a line paying it rejects the batch. */
export const SANDBOX_CLOSED_BANKGIRO = bankgiroWithCheckDigit('9999999');

const BANK: Actor = { type: 'bank', id: 'sandbox-bank', name: 'Finvis sandbox bank' };

export interface BankStepOptions {
  /** The bank's business date; default today in Europe/Stockholm. */
  today?: IsoDate;
  /**
   * When true (the default) an accepted batch executes only once `today` reaches the latest
   * execution date of its lines. The demo-speed clock passes false: time is compressed, and the
   * lines are booked on their execution dates at once.
   */
  waitForExecutionDate?: boolean;
}

export interface BankStepResult {
  /** The status changes made, as batch id → new status. */
  moved: { batchId: string; status: string }[];
}

async function book(tx: Database, batch: BatchRow): Promise<void> {
  const lines = await batchLines(tx, batch.id);
  const rows = lines.map((line) => ({
    id: newId('transaction'),
    tenantId: batch.tenantId,
    accountId: batch.debtorAccountId,
    bookingDate: line.executionDate,
    valueDate: line.executionDate,
    amountMinor: -line.amountMinor,
    currency: line.currency,
    counterpartyName: line.creditorName,
    counterpartyAccount: line.creditorAccount,
    ocr: line.ocr,
    message: line.message,
    bankReference: `SBX-${line.id}`,
    endToEndId: line.endToEndId,
    category: 'supplier_payment',
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const booked = await tx
      .insert(transactions)
      .values(rows.slice(i, i + 500))
      .returning();
    // Integrators (and the dashboard) hear of each booking as they would of an imported statement's.
    await recordEvents(tx, batch.tenantId, 'transaction.created', booked.map(publicTransaction));
  }
  await tx.execute(sql`
    update payment_lines l set status = 'executed', transaction_id = t.id
    from transactions t
    where l.batch_id = ${batch.id} and t.account_id = ${batch.debtorAccountId} and t.bank_reference = 'SBX-' || l.id`);
  const outByDate = new Map<string, bigint>();
  for (const line of lines) {
    outByDate.set(line.executionDate, (outByDate.get(line.executionDate) ?? 0n) + line.amountMinor);
  }
  for (const [date, out] of outByDate) {
    // The day's balance row starts from the closing balance of the day before when it is missing.
    await tx.execute(sql`
      insert into account_balances (tenant_id, account_id, balance_date, booked_minor, available_minor, source, as_of)
      select ${batch.tenantId}, ${batch.debtorAccountId}, ${date}::date,
        coalesce((select booked_minor from account_balances where account_id = ${batch.debtorAccountId}
                  and balance_date < ${date}::date order by balance_date desc limit 1), 0),
        coalesce((select available_minor from account_balances where account_id = ${batch.debtorAccountId}
                  and balance_date < ${date}::date order by balance_date desc limit 1), 0),
        'computed', now()
      on conflict (account_id, balance_date) do nothing`);
    await tx.execute(sql`
      update account_balances
      set booked_minor = booked_minor - ${out.toString()}::bigint,
          available_minor = available_minor - ${out.toString()}::bigint,
          as_of = now()
      where account_id = ${batch.debtorAccountId} and balance_date >= ${date}::date`);
  }
}

async function stepBatch(
  tx: Database,
  batchId: string,
  today: IsoDate,
  waitForExecutionDate: boolean,
): Promise<string | null> {
  const batch = await lockBatch(tx, batchId);
  if (!batch) return null;
  switch (batch.status) {
    case 'approved':
      return (await moveBatch(tx, batch, 'sent_to_bank', BANK)).status;
    case 'sent_to_bank': {
      const closed = await tx
        .select({ id: paymentLines.id, position: paymentLines.position })
        .from(paymentLines)
        .where(
          and(
            eq(paymentLines.batchId, batch.id),
            eq(paymentLines.creditorKind, 'bankgiro'),
            eq(paymentLines.creditorAccount, SANDBOX_CLOSED_BANKGIRO),
          ),
        );
      if (closed.length === 0) return (await moveBatch(tx, batch, 'accepted', BANK)).status;
      const reason = `the bankgiro ${SANDBOX_CLOSED_BANKGIRO} is closed (payment ${closed
        .map((line) => line.position)
        .join(', ')})`;
      await tx
        .update(paymentLines)
        .set({ status: 'rejected', rejectionReason: 'closed bankgiro' })
        .where(
          inArray(
            paymentLines.id,
            closed.map((line) => line.id),
          ),
        );
      return (await moveBatch(tx, batch, 'rejected', BANK, { reason })).status;
    }
    case 'accepted': {
      if (waitForExecutionDate && batch.lastExecutionDate > today) return null;
      await book(tx, batch);
      return (await moveBatch(tx, batch, 'executed', BANK)).status;
    }
    default:
      return null;
  }
}

/**
 * One step of the sandbox bank for every tenant: each batch it holds moves one state on. Each batch
 * steps in its own tenant transaction under the batch's row lock, so several API instances (or a
 * test calling this beside the clock) never move one batch twice.
 */
export async function advanceSandboxBank(
  db: Database,
  options: BankStepOptions = {},
): Promise<BankStepResult> {
  const today = options.today ?? todayInStockholm();
  const waitForExecutionDate = options.waitForExecutionDate ?? true;
  // Across tenants: the owner connection reads the candidates; each step then runs under RLS.
  const candidates = await selectRows<{ id: string; tenant_id: string }>(
    db,
    sql`select id, tenant_id from payment_batches where status in ('approved', 'sent_to_bank', 'accepted') order by id`,
  );
  const moved: BankStepResult['moved'] = [];
  for (const candidate of candidates) {
    const status = await withTenant(db, candidate.tenant_id, (tx) =>
      stepBatch(tx, candidate.id, today, waitForExecutionDate),
    );
    if (status) moved.push({ batchId: candidate.id, status });
  }
  return { moved };
}

export interface SandboxBankClock {
  stop(): Promise<void>;
}

/**
 * Runs the sandbox bank at demo speed: one step every `secondsPerStep` seconds (FINVIS_BANK_SPEED),
 * with compressed time (lines execute at once, booked on their execution dates). Stop waits for the
 * step in flight.
 */
export function startSandboxBankClock(
  db: Database,
  options: { secondsPerStep: number; logger: FastifyBaseLogger },
): SandboxBankClock {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = advanceSandboxBank(db, { waitForExecutionDate: false })
        .then((result) => {
          if (result.moved.length > 0) options.logger.info({ moved: result.moved }, 'sandbox bank step');
        })
        .catch((error: unknown) => options.logger.error({ err: error }, 'sandbox bank step failed'))
        .finally(schedule);
    }, options.secondsPerStep * 1000);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
