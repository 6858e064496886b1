import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { formatOrganisationsnummer, parseOrganisationsnummer } from '../../banking/organisationsnummer';
import type { Company, Koncern, ListCompaniesQuery, ListKoncernerQuery } from '../../contract/ledger';
import type { Database } from '../db/client';
import { companies, koncerner } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { byteOrder, requireOwned, toPage, type Page } from './ledger-common';

/** Koncerner and companies are ordered by (name, id), in byte order; the cursor is that pair. */
const noNul = (value: string) => !value.includes('\u0000');
export const nameIdKey = z.tuple([z.string().max(1000).refine(noNul), z.string().max(100).refine(noNul)]);

const KONCERN_CURSOR = 'koncerner';
const COMPANY_CURSOR = 'companies';

/** Basis points (10000 = 100 %) as a four-decimal fraction string: 5100 → "0.5100". No float on the way. */
export function ownershipShare(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 10_000);
  const rest = basisPoints % 10_000;
  return `${whole}.${String(rest).padStart(4, '0')}`;
}

function displayOrganisationsnummer(stored: string | null): string | null {
  if (stored === null) return null;
  const parsed = parseOrganisationsnummer(stored);
  return parsed.ok ? formatOrganisationsnummer(parsed.value) : stored;
}

export async function listKoncerner(
  tx: Database,
  tenantId: string,
  query: ListKoncernerQuery,
): Promise<Page<Koncern>> {
  const conditions: SQL[] = [eq(koncerner.tenantId, tenantId)];
  if (query.cursor !== undefined) {
    const [name, id] = decodeCursor(KONCERN_CURSOR, nameIdKey, query.cursor);
    conditions.push(sql`(${byteOrder(koncerner.name)}, ${byteOrder(koncerner.id)}) > (${name}, ${id})`);
  }
  const topCompany = tx
    .select({ id: companies.id })
    .from(companies)
    .where(
      and(
        eq(companies.tenantId, koncerner.tenantId),
        eq(companies.koncernId, koncerner.id),
        isNull(companies.parentId),
      ),
    )
    .orderBy(companies.createdAt, companies.id)
    .limit(1);
  const rows = await tx
    .select({
      id: koncerner.id,
      name: koncerner.name,
      reportingCurrency: koncerner.reportingCurrency,
      createdAt: koncerner.createdAt,
      parentCompanyId: sql<string | null>`(${topCompany})`,
    })
    .from(koncerner)
    .where(and(...conditions))
    .orderBy(byteOrder(koncerner.name), byteOrder(koncerner.id))
    .limit(query.limit + 1);
  return toPage(
    rows,
    query.limit,
    (row) => ({
      id: row.id,
      name: row.name,
      reporting_currency: row.reportingCurrency,
      parent_company_id: row.parentCompanyId,
      created_at: row.createdAt.toISOString(),
    }),
    (row) => encodeCursor(KONCERN_CURSOR, [row.name, row.id]),
  );
}

export async function listCompanies(
  tx: Database,
  tenantId: string,
  query: ListCompaniesQuery,
): Promise<Page<Company>> {
  const after = query.cursor === undefined ? null : decodeCursor(COMPANY_CURSOR, nameIdKey, query.cursor);
  await requireOwned(tx, koncerner, tenantId, query.koncern_id, 'koncern_id');
  await requireOwned(tx, companies, tenantId, query.parent_id, 'parent_id');
  const conditions: SQL[] = [eq(companies.tenantId, tenantId)];
  if (query.koncern_id !== undefined) conditions.push(eq(companies.koncernId, query.koncern_id));
  if (query.country !== undefined) conditions.push(eq(companies.country, query.country));
  if (query.parent_id !== undefined) conditions.push(eq(companies.parentId, query.parent_id));
  if (after !== null) {
    const [name, id] = after;
    conditions.push(sql`(${byteOrder(companies.name)}, ${byteOrder(companies.id)}) > (${name}, ${id})`);
  }
  const rows = await tx
    .select()
    .from(companies)
    .where(and(...conditions))
    .orderBy(byteOrder(companies.name), byteOrder(companies.id))
    .limit(query.limit + 1);
  return toPage(
    rows,
    query.limit,
    (row) => ({
      id: row.id,
      koncern_id: row.koncernId,
      parent_id: row.parentId,
      name: row.name,
      organisationsnummer: displayOrganisationsnummer(row.orgNumber),
      foreign_id: row.foreignId,
      country: row.country,
      functional_currency: row.functionalCurrency,
      ownership_share: ownershipShare(row.ownershipBasisPoints),
      created_at: row.createdAt.toISOString(),
    }),
    (row) => encodeCursor(COMPANY_CURSOR, [row.name, row.id]),
  );
}
