import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { describeProblem } from '../banking/statements/model';
import type { StatementFileKind } from '../banking/statements/parse-file';
import { withTenant } from '../api/db/tenant-scope';
import { importStatementFile, type ImportOutcome } from '../api/imports/import-file';
import { publicImport } from '../api/imports/import-view';
import { findTenantByName } from '../api/repositories/tenants';
import { withCliDatabase } from './database';

/** Exit codes of `finvis import …`: 0 booked; 1 refused or failed, nothing booked; 3 imported before. */
const IMPORT_EXIT = { booked: 0, refused: 1, alreadyImported: 3 } as const;

const KIND_NAMES: Record<StatementFileKind, string> = {
  camt053: 'an ISO 20022 camt.053 bank statement (.001.02/.04/.08)',
  camt054: 'an ISO 20022 camt.054 debit/credit notification (.001.02/.04/.08)',
  bgmax: 'a Bankgirot BGMax file of incoming payments (ISO-8859-1)',
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function report(outcome: ImportOutcome, json: boolean): number {
  if (outcome.outcome === 'duplicate') {
    const existing = outcome.existing;
    process.stderr.write(
      `Already imported as ${existing.id} on ${existing.createdAt.toISOString()}; nothing was booked again.\n`,
    );
    return IMPORT_EXIT.alreadyImported;
  }
  const row = outcome.row;
  if (json) process.stdout.write(`${JSON.stringify(publicImport(row))}\n`);
  if (outcome.outcome === 'rejected') {
    process.stderr.write(`The file was refused and nothing was booked (recorded as ${row.id}):\n`);
    for (const error of row.errors) process.stderr.write(`  ${describeProblem(error)}\n`);
    return IMPORT_EXIT.refused;
  }
  if (!json) {
    process.stdout.write(
      `Imported ${row.format ?? row.kind} ${row.fileName ?? ''} as ${row.id} on ${row.accountIds.join(', ')}: ` +
        `${plural(row.entriesBooked, 'transaction', 'transactions')} booked, ` +
        `${plural(row.duplicatesSkipped, 'duplicate', 'duplicates')} skipped, ` +
        `${plural(row.entriesNotBooked, 'pending entry', 'pending entries')} not booked, ` +
        `${plural(row.balancesBooked, 'balance', 'balances')} taken from the bank.\n`,
    );
  }
  return IMPORT_EXIT.booked;
}

async function importFile(
  kind: StatementFileKind,
  path: string,
  options: { tenant: string; json?: boolean },
) {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const code = await withCliDatabase(async (db) => {
    const tenant = await findTenantByName(db, options.tenant);
    if (!tenant) throw new Error(`there is no tenant named ${options.tenant}`);
    const outcome = await withTenant(db, tenant.id, (tx) =>
      importStatementFile(tx, {
        tenantId: tenant.id,
        kind,
        bytes,
        fileName: basename(path),
        clientId: null,
        requestId: null,
        actingUser: `cli:${process.env.USER ?? 'unknown'}`,
      }),
    );
    return report(outcome, options.json === true);
  });
  process.exitCode = code;
}

/**
 * `finvis import camt053|camt054|bgmax FILE --tenant T`: books a bank file for a tenant, exactly as
 * POST /public/imports does. Returns the `import` command, to which other importers add theirs.
 */
export function registerImportCommands(program: Command): Command {
  const group = program
    .command('import')
    .description(
      `Import a file for a tenant. Exit codes: ${IMPORT_EXIT.booked} booked, ${IMPORT_EXIT.refused} refused (nothing booked), ${IMPORT_EXIT.alreadyImported} imported before.`,
    );
  for (const [kind, name] of Object.entries(KIND_NAMES) as [StatementFileKind, string][]) {
    group
      .command(kind)
      .argument('<file>', 'the file as it came from the bank')
      .requiredOption('--tenant <name>', 'the tenant whose accounts the file is about')
      .option('--json', 'print the import as one JSON line')
      .description(`Book ${name}.`)
      .action((file: string, options: { tenant: string; json?: boolean }) => importFile(kind, file, options));
  }
  return group;
}
