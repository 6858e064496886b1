import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { timestamp } from './money';

/*
 * Statement imports: the bank's own files (ISO 20022 camt.053 statements, camt.054 notifications,
 * Bankgirot BGMax) booked as transactions and balances, each file in one transaction.
 */

export const statementImportKinds = ['camt053', 'camt054', 'bgmax', 'open_items'] as const;
export type StatementImportKind = (typeof statementImportKinds)[number];
export const statementImportKind = z.enum(statementImportKinds).meta({
  id: 'StatementImportKind',
  description:
    '`camt053`: ISO 20022 camt.053.001.02/.04/.08 bank statements; `camt054`: camt.054.001.02/.04/.08 debit/credit notifications; `bgmax`: Bankgirot BGMax files of incoming bankgiro payments (ISO-8859-1); `open_items`: open items as UTF-8 CSV with the header `external_id,kind,company_org_number,counterparty_name,reference,ocr,amount,currency,due_date`.',
});

export const statementImportStatus = z.enum(['completed', 'rejected']).meta({
  id: 'StatementImportStatus',
  description: '`completed`: the file was booked. `rejected`: the file was refused and nothing was booked.',
});

export const statementFileError = z
  .object({
    line: z
      .number()
      .int()
      .nullable()
      .meta({ description: '1-based line of the file; null for the file as a whole.' }),
    where: z.string().meta({
      description:
        'The place in the file: an element path (`Stmt[1]/Ntry[3]/Amt`) or a record (`record 15 (deposit)`).',
    }),
    message: z.string(),
  })
  .meta({ id: 'StatementFileError' });

export const statementImport = z
  .object({
    id: idSchema('statementImport'),
    kind: statementImportKind,
    status: statementImportStatus,
    file_name: z.string().nullable(),
    file_sha256: z.string().meta({ description: 'SHA-256 of the file as sent, in hex.' }),
    size_bytes: z.number().int(),
    format: z
      .string()
      .nullable()
      .meta({ description: 'The message and version read, e.g. `camt.053.001.08` or `BGMAX 01`.' }),
    message_id: z
      .string()
      .nullable()
      .meta({ description: "The bank's message id (BGMax: the file's timestamp)." }),
    account_ids: z.array(idSchema('account')).meta({ description: 'The accounts the file reported on.' }),
    statements: z
      .number()
      .int()
      .meta({ description: 'Statements, notifications or BGMax deposits in the file.' }),
    entries_booked: z
      .number()
      .int()
      .meta({ description: 'Transactions booked from the file (`open_items`: items created or changed).' }),
    duplicates_skipped: z.number().int().meta({
      description:
        'Entries already booked (same account and bank reference), not booked again (`open_items`: rows that change nothing).',
    }),
    entries_not_booked: z
      .number()
      .int()
      .meta({ description: 'Pending or information-only entries, reported by the bank but not booked.' }),
    balances_booked: z
      .number()
      .int()
      .meta({ description: 'Daily booked balances taken from the statements.' }),
    errors: z
      .array(statementFileError)
      .meta({ description: 'Why a rejected file was refused; empty when completed.' }),
    created_at: timestamp,
    created_by: z.object({ client_id: z.string().nullable(), acting_user: z.string().nullable() }),
  })
  .meta({ id: 'StatementImport', description: 'One bank file sent to Finvis and what came of it.' });
export type StatementImport = z.infer<typeof statementImport>;

export const statementImportList = listOf(statementImport).meta({ id: 'StatementImportList' });
export type StatementImportList = z.infer<typeof statementImportList>;

/** The body is the file itself; the API reads its bytes, whatever the content type says. */
export const statementFile = z.unknown().meta({
  id: 'StatementFile',
  type: 'string',
  format: 'binary',
  description: 'The bank file as it came from the bank, byte for byte (at most 10 MB).',
});

export const createStatementImportQuery = z.object({
  kind: statementImportKind,
  file_name: z
    .string()
    .min(1)
    .max(255, 'file_name must be at most 255 characters')
    .optional()
    .meta({ description: 'The name of the file, kept with the import for people to recognise it.' }),
});

export const listStatementImportsQuery = listQuery.extend({
  kind: statementImportKind.optional(),
  status: statementImportStatus.optional(),
});

const tags = ['Reconciliation'];

export const createStatementImport = defineEndpoint({
  operationId: 'createStatementImport',
  method: 'POST',
  path: '/public/imports',
  summary: 'Import a bank file',
  description:
    "Send the file as the request body (any content type, e.g. `application/octet-stream`) and say what it is with `kind`. Statements are matched to the tenant's accounts by IBAN (BGMax: by bankgiro number). The whole file is booked in one transaction or not at all: its booked entries become transactions (each with a `transaction.created` event), its booked balances the accounts' daily balances. An entry already booked (same account and bank reference) is skipped and counted; the same file again (same bytes, or same kind and message id) answers 409. A file that cannot be read, whose control counts or sums disagree with its contents, or whose closing balance does not follow from its opening balance and entries answers 400; one naming an account the tenant does not have, or in another currency than the account, answers 422. Refused files book nothing and are kept as `rejected` imports with their errors, each with its line.",
  tags,
  scope: 'write:reconciliation',
  query: createStatementImportQuery,
  body: statementFile,
  requestContentType: 'application/octet-stream',
  responses: {
    201: { description: 'The file was booked.', schema: statementImport },
    409: { description: 'This file was imported before; nothing was booked again.' },
    422: {
      description:
        'The file names an account the tenant does not have, or one in another currency; nothing was booked.',
    },
  },
});

export const listStatementImports = defineEndpoint({
  operationId: 'listStatementImports',
  method: 'GET',
  path: '/public/imports',
  summary: 'List bank file imports',
  description: `Newest first. Filters: kind, status. \`limit\` 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  tags,
  scope: 'read:reconciliation',
  query: listStatementImportsQuery,
  responses: { 200: { description: 'A page of imports.', schema: statementImportList } },
});

export const getStatementImport = defineEndpoint({
  operationId: 'getStatementImport',
  method: 'GET',
  path: '/public/imports/{id}',
  summary: 'Get a bank file import',
  description:
    'What came of one file: entries booked, duplicates skipped, and for a refused file its errors with line numbers.',
  tags,
  scope: 'read:reconciliation',
  params: z.object({ id: idSchema('statementImport') }),
  responses: { 200: { description: 'The import.', schema: statementImport } },
});

export const importEndpoints = [createStatementImport, listStatementImports, getStatementImport];
