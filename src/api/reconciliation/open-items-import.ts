import { and, eq, inArray, sql } from 'drizzle-orm';
import { isCurrency } from '../../banking/currency';
import { parseIsoDate } from '../../banking/dates';
import { parseAmount } from '../../banking/money';
import { parseOcr } from '../../banking/ocr';
import { parseOrganisationsnummer } from '../../banking/organisationsnummer';
import { problemTypes, type ProblemFieldError } from '../../contract/problem';
import type { Database } from '../db/client';
import { companies, openItems, reconciliationMatchItems } from '../db/schema';
import { ProblemError } from '../http/problem';
import { newId } from '../ids';
import { parseCsv } from './csv';
import { reconcileArrivals, type ReconcileSummary } from './engine';

export const OPEN_ITEMS_CSV_HEADER = [
  'external_id',
  'kind',
  'company_org_number',
  'counterparty_name',
  'reference',
  'ocr',
  'amount',
  'currency',
  'due_date',
] as const;

/** At most this many errors are reported; a file with more is broken beyond listing. */
const MAX_REPORTED_ERRORS = 100;

export interface OpenItemsImportResult {
  /** Data rows in the file. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  reconciliation: ReconcileSummary;
}

interface ParsedItem {
  line: number;
  externalId: string;
  kind: 'receivable' | 'payable';
  companyId: string;
  counterpartyName: string;
  reference: string | null;
  ocr: string | null;
  amountMinor: bigint;
  currency: string;
  dueDate: string;
}

function invalidFile(errors: ProblemFieldError[]): ProblemError {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  return new ProblemError(
    422,
    problemTypes.validation,
    'Invalid open-items file',
    `The file has ${errors.length} error(s)${errors.length > shown.length ? ` (the first ${shown.length} listed)` : ''}; nothing was imported.`,
    shown,
  );
}

/** `/lines/7/amount`: the file line (1 is the header) and the column of an error. */
const at = (line: number, column: string) => `/lines/${line}/${column}`;

async function companiesByNumber(tx: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: companies.id, orgNumber: companies.orgNumber, foreignId: companies.foreignId })
    .from(companies)
    .where(eq(companies.tenantId, tenantId));
  const byNumber = new Map<string, string>();
  for (const row of rows) {
    if (row.orgNumber) byNumber.set(row.orgNumber, row.id);
    if (row.foreignId) byNumber.set(row.foreignId, row.id);
  }
  return byNumber;
}

function parseRows(
  records: { line: number; fields: string[] }[],
  companyOf: (number: string) => string | undefined,
): { items: ParsedItem[]; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  const items: ParsedItem[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== OPEN_ITEMS_CSV_HEADER.length) {
      errors.push({
        path: `/lines/${line}`,
        message: `has ${fields.length} fields; the header names ${OPEN_ITEMS_CSV_HEADER.length}`,
      });
      continue;
    }
    const [externalId, kind, orgNumber, counterpartyName, reference, ocrText, amountText, currency, dueDate] =
      fields.map((f) => f.trim()) as [string, string, string, string, string, string, string, string, string];
    const before = errors.length;
    if (externalId === '' || externalId.length > 100) {
      errors.push({ path: at(line, 'external_id'), message: 'must be 1–100 characters' });
    }
    if (kind !== 'receivable' && kind !== 'payable') {
      errors.push({ path: at(line, 'kind'), message: `must be receivable or payable, not "${kind}"` });
    }
    const swedish = parseOrganisationsnummer(orgNumber);
    const companyId = companyOf(swedish.ok ? swedish.value.replace(/\D/g, '') : orgNumber);
    if (companyId === undefined) {
      errors.push({
        path: at(line, 'company_org_number'),
        message: `no company of yours has the number "${orgNumber}"`,
      });
    }
    if (counterpartyName === '' || counterpartyName.length > 200) {
      errors.push({ path: at(line, 'counterparty_name'), message: 'must be 1–200 characters' });
    }
    if (reference.length > 140)
      errors.push({ path: at(line, 'reference'), message: 'must be at most 140 characters' });
    let ocr: string | null = null;
    if (ocrText !== '') {
      const parsed = parseOcr(ocrText);
      if (parsed.ok) ocr = parsed.value;
      else errors.push({ path: at(line, 'ocr'), message: parsed.error });
    }
    let amountMinor = 0n;
    if (!isCurrency(currency)) {
      errors.push({ path: at(line, 'currency'), message: `"${currency}" is not a supported currency` });
    } else {
      const amount = parseAmount(amountText, currency);
      if (!amount.ok) errors.push({ path: at(line, 'amount'), message: amount.error });
      else if (amount.value <= 0n)
        errors.push({ path: at(line, 'amount'), message: 'must be greater than zero' });
      else amountMinor = amount.value;
    }
    if (!parseIsoDate(dueDate).ok) {
      errors.push({ path: at(line, 'due_date'), message: `"${dueDate}" is not a date (YYYY-MM-DD)` });
    }
    const key = `${companyId ?? orgNumber}|${externalId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ path: at(line, 'external_id'), message: `repeats line ${earlier} for the same company` });
    }
    seen.set(key, line);
    if (errors.length > before || companyId === undefined) continue;
    items.push({
      line,
      externalId,
      kind: kind as 'receivable' | 'payable',
      companyId,
      counterpartyName,
      reference: reference === '' ? null : reference,
      ocr,
      amountMinor,
      currency,
      dueDate,
    });
  }
  return { items, errors };
}

type ExistingRow = typeof openItems.$inferSelect;

function differs(row: ExistingRow, item: ParsedItem): boolean {
  return (
    row.kind !== item.kind ||
    row.counterpartyName !== item.counterpartyName ||
    row.reference !== item.reference ||
    row.ocr !== item.ocr ||
    row.amountMinor !== item.amountMinor ||
    row.currency !== item.currency ||
    row.dueDate !== item.dueDate
  );
}

/**
 * Imports open items from CSV (header `external_id,kind,company_org_number,counterparty_name,
 * reference,ocr,amount,currency,due_date`) in the caller's tenant transaction, atomically: any error
 * (each named by its file line and column) imports nothing. Importing the same file again changes
 * nothing: items are keyed by company and external id; a changed row updates its item while nothing
 * has been settled or proposed for it. New and changed items go to the matching engine at once.
 */
export async function importOpenItemsCsv(
  tx: Database,
  tenantId: string,
  csv: string,
): Promise<OpenItemsImportResult> {
  const parsed = parseCsv(csv);
  if (!Array.isArray(parsed)) {
    throw invalidFile([
      { path: `/lines/${parsed.unterminatedQuoteAt}`, message: 'a quoted field is never closed' },
    ]);
  }
  const [header, ...records] = parsed;
  const expected = OPEN_ITEMS_CSV_HEADER.join(',');
  if (!header || header.fields.map((f) => f.trim()).join(',') !== expected) {
    throw invalidFile([{ path: '/lines/1', message: `the header must be exactly ${expected}` }]);
  }
  const byNumber = await companiesByNumber(tx, tenantId);
  const { items, errors } = parseRows(records, (number) => byNumber.get(number));

  const existing = new Map<string, ExistingRow>();
  const externalIds = [...new Set(items.map((item) => item.externalId))];
  for (let i = 0; i < externalIds.length; i += 5_000) {
    const rows = await tx
      .select()
      .from(openItems)
      .where(
        and(eq(openItems.tenantId, tenantId), inArray(openItems.externalId, externalIds.slice(i, i + 5_000))),
      );
    for (const row of rows) existing.set(`${row.companyId}|${row.externalId}`, row);
  }
  const pending = new Set(
    (
      await tx
        .select({ id: reconciliationMatchItems.openItemId })
        .from(reconciliationMatchItems)
        .where(
          and(
            eq(reconciliationMatchItems.tenantId, tenantId),
            eq(reconciliationMatchItems.pending, true),
            inArray(
              reconciliationMatchItems.openItemId,
              [...existing.values()].map((row) => row.id),
            ),
          ),
        )
    ).map((row) => row.id),
  );

  const created: ParsedItem[] = [];
  const updated: { id: string; item: ParsedItem }[] = [];
  let unchanged = 0;
  for (const item of items) {
    const row = existing.get(`${item.companyId}|${item.externalId}`);
    if (!row) created.push(item);
    else if (!differs(row, item)) unchanged += 1;
    else if (row.settledMinor > 0n || row.status !== 'open' || pending.has(row.id)) {
      errors.push({
        path: at(item.line, 'external_id'),
        message: `${item.externalId} is already ${row.status === 'settled' ? 'settled' : 'matched'} and cannot change; decide or reverse its match first`,
      });
    } else updated.push({ id: row.id, item });
  }
  if (errors.length > 0) throw invalidFile(errors.sort((a, b) => lineOf(a) - lineOf(b)));

  const createdIds = created.map(() => newId('openItem'));
  for (let i = 0; i < created.length; i += 5_000) {
    await tx.insert(openItems).values(
      created.slice(i, i + 5_000).map((item, k) => ({
        id: createdIds[i + k] ?? newId('openItem'),
        tenantId,
        companyId: item.companyId,
        externalId: item.externalId,
        kind: item.kind,
        counterpartyName: item.counterpartyName,
        reference: item.reference,
        ocr: item.ocr,
        amountMinor: item.amountMinor,
        currency: item.currency,
        dueDate: item.dueDate,
      })),
    );
  }
  for (const { id, item } of updated) {
    await tx
      .update(openItems)
      .set({
        kind: item.kind,
        counterpartyName: item.counterpartyName,
        reference: item.reference,
        ocr: item.ocr,
        amountMinor: item.amountMinor,
        currency: item.currency,
        dueDate: item.dueDate,
      })
      .where(and(eq(openItems.id, id), sql`${openItems.settledMinor} = 0`));
  }
  const reconciliation = await reconcileArrivals(tx, tenantId, {
    openItemIds: [...createdIds, ...updated.map((u) => u.id)],
  });
  return {
    rows: records.length,
    created: created.length,
    updated: updated.length,
    unchanged,
    reconciliation,
  };
}

function lineOf(error: ProblemFieldError): number {
  return Number(/^\/lines\/(\d+)/.exec(error.path)?.[1] ?? 0);
}
