import { and, asc, eq, gt, gte, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema } from '../../contract/ids';
import type { ListOpenItemsQuery, OpenItem, OpenItemList } from '../../contract/reconciliation';
import type { Database } from '../db/client';
import { companies, openItems } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireOwned, wireMoney } from '../repositories/ledger-common';

const OPEN_ITEMS_CURSOR = 'open_items';
/** Ordered by due date, then id: the cursor is that pair of the last row. */
const openItemsKey = z.tuple([z.iso.date(), idSchema('openItem')]);

export function view(row: typeof openItems.$inferSelect): OpenItem {
  return {
    id: row.id,
    company_id: row.companyId,
    external_id: row.externalId,
    kind: row.kind as OpenItem['kind'],
    counterparty_name: row.counterpartyName,
    reference: row.reference,
    ocr: row.ocr,
    amount: wireMoney(row.amountMinor, row.currency),
    open_amount: wireMoney(row.amountMinor - row.settledMinor, row.currency),
    issue_date: row.issueDate,
    due_date: row.dueDate,
    status: row.status as OpenItem['status'],
    end_to_end_id: row.endToEndId,
    payment_id: row.paymentLineId,
  };
}

export async function listOpenItems(
  tx: Database,
  tenantId: string,
  query: ListOpenItemsQuery,
): Promise<OpenItemList> {
  const after =
    query.cursor === undefined ? null : decodeCursor(OPEN_ITEMS_CURSOR, openItemsKey, query.cursor);
  await requireOwned(tx, companies, tenantId, query.company_id, 'company_id');
  const t = openItems;
  const conditions: (SQL | undefined)[] = [eq(t.tenantId, tenantId)];
  if (query.status !== undefined) conditions.push(eq(t.status, query.status));
  if (query.kind !== undefined) conditions.push(eq(t.kind, query.kind));
  if (query.company_id !== undefined) conditions.push(eq(t.companyId, query.company_id));
  if (query.due_date_from !== undefined) conditions.push(gte(t.dueDate, query.due_date_from));
  if (query.due_date_to !== undefined) conditions.push(lte(t.dueDate, query.due_date_to));
  if (after !== null) {
    const [dueDate, id] = after;
    conditions.push(or(gt(t.dueDate, dueDate), and(eq(t.dueDate, dueDate), gt(t.id, id))));
  }
  const rows = await tx
    .select()
    .from(t)
    .where(and(...conditions))
    .orderBy(asc(t.dueDate), asc(t.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    results: page.map(view),
    next_cursor:
      rows.length > query.limit && last ? encodeCursor(OPEN_ITEMS_CURSOR, [last.dueDate, last.id]) : null,
  };
}
