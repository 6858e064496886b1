import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { checkBalanceContinuity } from '../../banking/statements/continuity';
import type { StatementProblem } from '../../banking/statements/model';
import { parseStatementFile } from '../../banking/statements/parse-file';
import type { StatementImportKind } from '../../contract/imports';
import type { Database } from '../db/client';
import { auditLog, statementImports } from '../db/schema';
import { ProblemError } from '../http/problem';
import { newId } from '../ids';
import { importOpenItemsCsv } from '../reconciliation/open-items-import';
import { resolveAccounts } from './accounts';
import { bookStatement } from './book-statement';

export type ImportRow = typeof statementImports.$inferSelect;

export interface ImportRequest {
  tenantId: string;
  kind: StatementImportKind;
  bytes: Uint8Array;
  fileName: string | null;
  clientId: string | null;
  actingUser: string | null;
  /** The API request that sent the file, for the audit log; null from the CLI. */
  requestId: string | null;
}

export type ImportOutcome =
  | { outcome: 'completed'; row: ImportRow }
  /** Refused, nothing booked: `unreadable` for the file itself, `unbookable` for what it names. */
  | { outcome: 'rejected'; reason: 'unreadable' | 'unbookable'; row: ImportRow }
  | { outcome: 'duplicate'; existing: ImportRow };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A completed import of the same file: the same bytes, or (`message`) the same kind and message id
 * about the same accounts. Message ids are unique per sending bank, not across banks, hence the
 * accounts.
 */
async function findCompleted(
  tx: Database,
  tenantId: string,
  same: { sha256: string } | { kind: StatementImportKind; messageId: string; accountIds: string[] },
): Promise<ImportRow | undefined> {
  const condition =
    'sha256' in same
      ? eq(statementImports.fileSha256, same.sha256)
      : and(
          eq(statementImports.kind, same.kind),
          eq(statementImports.messageId, same.messageId),
          sql`${statementImports.accountIds} = ${sql.param(same.accountIds)}::text[]`,
        );
  const [row] = await tx
    .select()
    .from(statementImports)
    .where(and(eq(statementImports.tenantId, tenantId), eq(statementImports.status, 'completed'), condition))
    .limit(1);
  return row;
}

/** Every import that changed something (booked, or recorded as refused) goes to the audit log. */
async function audit(tx: Database, request: ImportRequest, row: ImportRow): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: request.tenantId,
    clientId: request.clientId,
    actingUser: request.actingUser,
    action: row.status === 'completed' ? 'statement_import.completed' : 'statement_import.rejected',
    resourceType: 'statement_import',
    resourceId: row.id,
    requestId: request.requestId,
    detail: {
      kind: row.kind,
      file_sha256: row.fileSha256,
      message_id: row.messageId,
      entries_booked: row.entriesBooked,
      duplicates_skipped: row.duplicatesSkipped,
      errors: row.errors.length,
    },
  });
}

/**
 * Imports one bank file in the caller's tenant transaction: parses it, finds its accounts, checks
 * its arithmetic, books it (see bookStatement) and records the import. A refused file books
 * nothing and is recorded as rejected with its problems; a file imported before (same bytes, or
 * same kind and message id) books nothing and records nothing.
 */
async function importFile(tx: Database, request: ImportRequest): Promise<ImportOutcome> {
  // One import at a time per tenant, so that two copies of one file sent together cannot both pass
  // the duplicate check below.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`statement_imports:${request.tenantId}`}))`);
  const sha256 = sha256Hex(request.bytes);
  const base = {
    id: newId('statementImport'),
    tenantId: request.tenantId,
    kind: request.kind,
    fileName: request.fileName,
    fileSha256: sha256,
    sizeBytes: request.bytes.byteLength,
    clientId: request.clientId,
    actingUser: request.actingUser,
  };
  const reject = async (
    reason: 'unreadable' | 'unbookable',
    problems: StatementProblem[],
    extra: Partial<typeof statementImports.$inferInsert> = {},
  ): Promise<ImportOutcome> => {
    const errors = problems.map(({ line, where, message }) => ({ line, where, message }));
    const [row] = await tx
      .insert(statementImports)
      .values({ ...base, ...extra, status: 'rejected', errors })
      .returning();
    return { outcome: 'rejected', reason, row: row! };
  };

  const sameBytes = await findCompleted(tx, request.tenantId, { sha256 });
  if (sameBytes) return { outcome: 'duplicate', existing: sameBytes };

  if (request.kind === 'open_items') {
    return importOpenItems(
      tx,
      request,
      async (problems) => reject('unbookable', problems),
      async (values) => {
        const [row] = await tx
          .insert(statementImports)
          .values({ ...base, ...values, status: 'completed' })
          .returning();
        return { outcome: 'completed', row: row! };
      },
    );
  }

  const parsed = parseStatementFile(request.kind, request.bytes);
  if (!parsed.ok) return reject('unreadable', parsed.problems);
  const message = parsed.value;
  const described = {
    format: message.version,
    messageId: message.messageId,
    statements: message.reports.length,
  };

  const arithmetic = message.reports.flatMap(checkBalanceContinuity);
  if (arithmetic.length > 0) return reject('unreadable', arithmetic, described);
  const { accounts, problems } = await resolveAccounts(tx, request.tenantId, message);
  if (problems.length > 0) return reject('unbookable', problems, described);
  const accountIds = [...new Set(accounts.map((account) => account.id))];

  const sameMessage = await findCompleted(tx, request.tenantId, {
    kind: request.kind,
    messageId: message.messageId,
    accountIds,
  });
  if (sameMessage) return { outcome: 'duplicate', existing: sameMessage };

  const booked = await bookStatement(tx, request.tenantId, message, accounts);
  const [row] = await tx
    .insert(statementImports)
    .values({
      ...base,
      ...described,
      status: 'completed',
      accountIds,
      entriesBooked: booked.entriesBooked,
      duplicatesSkipped: booked.duplicatesSkipped,
      entriesNotBooked: booked.entriesNotBooked,
      balancesBooked: booked.balancesBooked,
    })
    .returning();
  return { outcome: 'completed', row: row! };
}

export async function importStatementFile(tx: Database, request: ImportRequest): Promise<ImportOutcome> {
  const outcome = await importFile(tx, request);
  if (outcome.outcome !== 'duplicate') await audit(tx, request, outcome.row);
  return outcome;
}

/** `/lines/12/amount` (the open-items importer's error paths) as a line and a place. */
function csvProblem(error: { path: string; message: string }): StatementProblem {
  const [, line, column] = /^\/lines\/(\d+)(?:\/(.+))?$/.exec(error.path) ?? [];
  return {
    kind: 'invalid_value',
    line: line === undefined ? null : Number(line),
    where: column === undefined ? 'row' : `column ${column}`,
    message: error.message,
  };
}

/**
 * Open items from CSV go through the reconciliation's own importer, in a savepoint: when it refuses
 * the file, what it wrote is undone while the refusal is still recorded.
 */
async function importOpenItems(
  tx: Database,
  request: ImportRequest,
  reject: (problems: StatementProblem[]) => Promise<ImportOutcome>,
  complete: (values: Partial<typeof statementImports.$inferInsert>) => Promise<ImportOutcome>,
): Promise<ImportOutcome> {
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(request.bytes);
  } catch {
    return reject([{ kind: 'malformed', line: null, where: 'file', message: 'is not UTF-8 text' }]);
  }
  try {
    const result = await tx.transaction((savepoint) => importOpenItemsCsv(savepoint, request.tenantId, csv));
    return complete({
      format: 'open-items CSV',
      entriesBooked: result.created + result.updated,
      duplicatesSkipped: result.unchanged,
    });
  } catch (error) {
    if (!(error instanceof ProblemError) || error.status >= 500) throw error;
    const problems = error.errors?.map(csvProblem) ?? [];
    return reject(
      problems.length > 0
        ? problems
        : [{ kind: 'invalid_value', line: null, where: 'file', message: error.detail ?? error.title }],
    );
  }
}
