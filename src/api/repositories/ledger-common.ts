import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { isCurrency } from '../../banking/currency';
import { formatAmount } from '../../banking/money';
import type { Money } from '../../contract/money';
import type { Database } from '../db/client';
import { bankAccounts, companies, koncerner } from '../db/schema';
import { notFound } from '../http/problem';

/** Sorts by a text column the same way on every engine and locale (byte order), so cursors agree with ORDER BY. */
export function byteOrder(column: SQLWrapper): SQL {
  return sql`${column} collate "C"`;
}

/** Wire money from minor units read from the database; a currency we cannot format is a server bug. */
export function wireMoney(minor: bigint, currency: string): Money {
  if (!isCurrency(currency)) throw new Error(`stored currency ${currency} is not supported`);
  return { amount: formatAmount(minor, currency), currency };
}

export interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

/**
 * A page from `limit + 1` fetched rows: the extra row only says that there is more, and the cursor
 * is the sort key of the last row returned.
 */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
  cursorOf: (row: Row) => string,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    results: page.map(map),
    next_cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}

type OwnedTable = typeof koncerner | typeof companies | typeof bankAccounts;

const names = new Map<OwnedTable, string>([
  [koncerner, 'koncern'],
  [companies, 'company'],
  [bankAccounts, 'account'],
]);

/**
 * A filter id must name a row of the tenant: otherwise 404, worded the same whether the row does not
 * exist or belongs to another tenant (row-level security hides the latter anyway).
 */
export async function requireOwned(
  tx: Database,
  table: OwnedTable,
  tenantId: string,
  id: string | undefined,
  field: string,
): Promise<void> {
  if (id === undefined) return;
  const [found] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
    .limit(1);
  if (!found) throw notFound(`No ${names.get(table) ?? 'resource'} ${id} (${field}).`);
}
