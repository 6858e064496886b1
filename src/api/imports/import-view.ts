import type { StatementImport } from '../../contract/imports';
import { statementImportKind, statementImportStatus } from '../../contract/imports';
import type { ImportRow } from './import-file';

/** An import as the public API shows it. */
export function publicImport(row: ImportRow): StatementImport {
  return {
    id: row.id,
    kind: statementImportKind.parse(row.kind),
    status: statementImportStatus.parse(row.status),
    file_name: row.fileName,
    file_sha256: row.fileSha256,
    size_bytes: row.sizeBytes,
    format: row.format,
    message_id: row.messageId,
    account_ids: row.accountIds,
    statements: row.statements,
    entries_booked: row.entriesBooked,
    duplicates_skipped: row.duplicatesSkipped,
    entries_not_booked: row.entriesNotBooked,
    balances_booked: row.balancesBooked,
    errors: row.errors,
    created_at: row.createdAt.toISOString(),
    created_by: { client_id: row.clientId, acting_user: row.actingUser },
  };
}
