import { and, asc, eq, gt, ilike, notExists, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { parseAmount } from '../../banking/money';
import { idSchema } from '../../contract/ids';
import type { ListUnmatchedOpenItemsQuery, UnmatchedOpenItemList } from '../../contract/reconciliation-queue';
import type { Database } from '../db/client';
import { companies, openItems, reconciliationMatchItems } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireOwned } from '../repositories/ledger-common';
import { view as openItemView } from './open-items';

const UNMATCHED_CURSOR = 'unmatched_open_items';
const unmatchedKey = z.tuple([z.iso.date(), idSchema('openItem')]);

/** `%`, `_` and `\` are wildcards to LIKE: a search for "50%" means the characters. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Open items still waiting for money that no proposed match holds: the treasurer's manual work. */
export async function listUnmatchedOpenItems(
  tx: Database,
  tenantId: string,
  query: ListUnmatchedOpenItemsQuery,
): Promise<UnmatchedOpenItemList> {
  const after =
    query.cursor === undefined ? null : decodeCursor(UNMATCHED_CURSOR, unmatchedKey, query.cursor);
  await requireOwned(tx, companies, tenantId, query.company_id, 'company_id');
  const t = openItems;
  const conditions: (SQL | undefined)[] = [
    eq(t.tenantId, tenantId),
    eq(t.status, 'open'),
    gt(t.amountMinor, t.settledMinor),
    notExists(
      tx
        .select({ one: sql`1` })
        .from(reconciliationMatchItems)
        .where(
          and(eq(reconciliationMatchItems.openItemId, t.id), eq(reconciliationMatchItems.pending, true)),
        ),
    ),
  ];
  if (query.kind !== undefined) conditions.push(eq(t.kind, query.kind));
  if (query.company_id !== undefined) conditions.push(eq(t.companyId, query.company_id));
  if (query.ocr !== undefined) conditions.push(eq(t.ocr, query.ocr));
  if (query.amount !== undefined) {
    // Read with two decimals, like the transactions' amount filters without a currency.
    const parsed = parseAmount(query.amount, 'SEK');
    if (parsed.ok) conditions.push(eq(sql`${t.amountMinor} - ${t.settledMinor}`, parsed.value));
  }
  if (query.q !== undefined) {
    const pattern = containing(query.q);
    conditions.push(
      or(ilike(t.counterpartyName, pattern), ilike(t.externalId, pattern), ilike(t.reference, pattern)),
    );
  }
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
    results: page.map(openItemView),
    next_cursor:
      rows.length > query.limit && last ? encodeCursor(UNMATCHED_CURSOR, [last.dueDate, last.id]) : null,
  };
}
