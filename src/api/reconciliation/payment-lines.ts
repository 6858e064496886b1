import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { newId } from '../ids';

/** Batches whose money leaves (or left) the account: their lines are payables we expect to see booked. */
const PAYING_STATUSES = ['approved', 'sent_to_bank', 'accepted', 'executed'];

interface LineRow {
  id: string;
  company_id: string;
  creditor_name: string;
  message: string | null;
  ocr: string | null;
  amount_minor: string;
  currency: string;
  execution_date: string;
  end_to_end_id: string;
}

/**
 * Payment batch lines are open items too: payables we sent, matched by the end-to-end id the bank
 * echoes on the booked transaction. Each line gets its open item (external id = the line's id) the
 * first time it is needed: for the end-to-end ids of arriving transactions, or for every paying
 * batch on a full run. Returns the ids of the items created.
 */
export async function materialisePaymentLineItems(
  tx: Database,
  tenantId: string,
  scope: { endToEndIds: readonly string[] } | { all: true },
): Promise<string[]> {
  let which: SQL;
  if ('all' in scope) which = sql`true`;
  else {
    if (scope.endToEndIds.length === 0) return [];
    which = sql`l.end_to_end_id = any(${sql.param(scope.endToEndIds)}::text[])`;
  }
  const lines = await selectRows<LineRow>(
    tx,
    sql`select l.id, b.company_id, l.creditor_name, l.message, l.ocr, l.amount_minor::text as amount_minor,
          l.currency, l.execution_date::text as execution_date, l.end_to_end_id
        from payment_lines l join payment_batches b on b.id = l.batch_id
        where l.tenant_id = ${tenantId} and l.status <> 'rejected'
          and b.status = any(${sql.param(PAYING_STATUSES)}::text[])
          and not exists (select 1 from open_items i where i.tenant_id = ${tenantId} and i.payment_line_id = l.id)
          and (${which})`,
  );
  if (lines.length === 0) return [];
  const ids = lines.map(() => newId('openItem'));
  const text = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`;
  await tx.execute(sql`
    insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr,
      amount_minor, currency, due_date, end_to_end_id, payment_line_id)
    select id, ${tenantId}, company_id, line_id, 'payable', creditor_name, message, ocr, amount_minor::bigint,
      currency, execution_date::date, end_to_end_id, line_id
    from unnest(${text(ids)}, ${text(lines.map((l) => l.id))}, ${text(lines.map((l) => l.company_id))},
      ${text(lines.map((l) => l.creditor_name))}, ${text(lines.map((l) => l.message))},
      ${text(lines.map((l) => l.ocr))}, ${text(lines.map((l) => l.amount_minor))},
      ${text(lines.map((l) => l.currency))}, ${text(lines.map((l) => l.execution_date))},
      ${text(lines.map((l) => l.end_to_end_id))})
      as t(id, line_id, company_id, creditor_name, message, ocr, amount_minor, currency, execution_date, end_to_end_id)
    on conflict do nothing`);
  return ids;
}
